package dev.holdfast.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import javafx.scene.Node;
import org.hamcrest.Matcher;
import org.testfx.api.FxRobot;

/** House rules for the tests themselves, checked on their compiled classes. */
@AnalyzeClasses(packages = "dev.holdfast", importOptions = ImportOption.OnlyIncludeTests.class)
class TestRulesTest {
    private static final String CLICKS = "dev.holdfast.testing.Clicks";
    private static final Set<String> POINTING = Set.of("clickOn", "doubleClickOn", "rightClickOn", "moveTo", "drag");
    private static final List<Class<?>> FOUND_BY_THE_ROBOT = List.of(Node.class, String.class, Matcher.class,
            Predicate.class);

    @ArchTest
    static final ArchRule clicksFindTheirTargetOnTheFxThread = noClasses()
            .that(DescribedPredicate.describe("are not " + CLICKS, (JavaClass c) -> !c.getName().equals(CLICKS)))
            .should().callMethodWhere(DescribedPredicate.describe(
                    "FxRobot's pointing methods given a node or a query", call ->
                            call.getTargetOwner().isAssignableTo(FxRobot.class)
                                    && POINTING.contains(call.getName())
                                    && !call.getTarget().getRawParameterTypes().isEmpty()
                                    && FOUND_BY_THE_ROBOT.stream().anyMatch(type ->
                                    call.getTarget().getRawParameterTypes().get(0).isAssignableTo(type))))
            .because("TestFX measures such a target on the test's thread, which can break a parent's cached bounds"
                    + " while the FX thread lays out the scene (TestFX issue 813); use dev.holdfast.testing.Clicks");
}
