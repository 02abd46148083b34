package dev.holdfast.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import javafx.application.Platform;

/**
 * The house rules for the main code, checked on the compiled classes: JavaFX only in {@code ui} and
 * {@code app}; no package cycles; one place that hops to the FX thread; one place that makes threads; no
 * grab-bag packages.
 */
@AnalyzeClasses(packages = "dev.holdfast", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String THREADS = "dev.holdfast.threads.Threads";
    private static final String FX_THREAD = "dev.holdfast.ui.FxThread";

    @ArchTest
    static final ArchRule javafxOnlyInUiAndApp = noClasses()
            .that().resideOutsideOfPackages("dev.holdfast.ui..", "dev.holdfast.app..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "atlantafx..")
            .because("the core compiles and is tested without a toolkit");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.holdfast.(**)")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule runLaterOnlyInFxThread = noClasses()
            .that(DescribedPredicate.not(anyOf(List.of(FX_THREAD))))
            .should().callMethod(Platform.class, "runLater", Runnable.class)
            .because("the UI hops to the FX thread in one place, dev.holdfast.ui.FxThread");

    @ArchTest
    static final ArchRule globalRequestsOnlyInLineWithTheProbes = noClasses()
            .that(DescribedPredicate.not(anyOf(List.of("dev.holdfast.ssh.KeepaliveReplies"))))
            .should().callMethod(net.schmizz.sshj.connection.Connection.class, "sendGlobalRequest", String.class,
                    boolean.class, byte[].class)
            .orShould().callMethod(net.schmizz.sshj.SSHClient.class, "getRemotePortForwarder")
            .because("replies to global requests name no request: every one goes through KeepaliveReplies, in line"
                    + " with the keepalive probes (remote forwards through ssh.OrderedRemotePortForwarder)");

    @ArchTest
    static final ArchRule noNewThreadOutsideThreads = noClasses()
            .that(notThreads())
            .should().callConstructorWhere(DescribedPredicate.describe("a constructor of Thread",
                    call -> call.getTargetOwner().isAssignableTo(Thread.class)))
            .because("threads are made only through dev.holdfast.threads.Threads (named, logged)");

    @ArchTest
    static final ArchRule noHandMadeThreadFactories = noClasses()
            .that(notThreads())
            .should().implement(ThreadFactory.class)
            .because("thread factories come from dev.holdfast.threads.Threads.factory(role)");

    @ArchTest
    static final ArchRule poolsGetTheirFactoryFromThreads = noClasses()
            .that(notThreads())
            .should().callMethodWhere(DescribedPredicate.describe(
                    "an Executors factory method without a ThreadFactory", call ->
                            call.getTargetOwner().isEquivalentTo(Executors.class)
                                    && call.getName().startsWith("new")
                                    && call.getTarget().getRawParameterTypes().stream()
                                    .noneMatch(t -> t.isEquivalentTo(ThreadFactory.class))))
            .orShould().callConstructorWhere(DescribedPredicate.describe(
                    "a thread pool constructor without a ThreadFactory", call ->
                            call.getTargetOwner().isAssignableTo(ThreadPoolExecutor.class)
                                    && call.getTarget().getRawParameterTypes().stream()
                                    .noneMatch(t -> t.isEquivalentTo(ThreadFactory.class))))
            .because("a pool's threads are named through dev.holdfast.threads.Threads.factory(role)");

    @ArchTest
    static final ArchRule noGrabBagPackages = noClasses()
            .should().resideInAnyPackage("dev.holdfast.model..", "dev.holdfast.service..", "dev.holdfast.util..",
                    "dev.holdfast.utils..", "dev.holdfast.common..", "dev.holdfast.impl..")
            .because("the code is packaged by feature, not by layer");

    @ArchTest
    static final ArchRule theNamedClassesExist = classes()
            .that().haveFullyQualifiedName(FX_THREAD).or().haveFullyQualifiedName(THREADS)
            .should().bePublic()
            .allowEmptyShould(false)
            .because("the rules above name these classes, so they must be where the rules look");

    private static DescribedPredicate<JavaClass> notThreads() {
        return DescribedPredicate.not(anyOf(List.of(THREADS)));
    }

    /** The class or any class nested in it (its lambdas and inner classes count as it). */
    private static DescribedPredicate<JavaClass> anyOf(List<String> names) {
        return DescribedPredicate.describe("one of " + names, c -> names.stream()
                .anyMatch(n -> c.getName().equals(n) || c.getName().startsWith(n + "$")));
    }
}
