package dev.holdfast.testing;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.input.MouseButton;
import org.testfx.api.FxRobot;
import org.testfx.robot.Motion;
import org.testfx.service.query.PointQuery;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Mouse clicks for the TestFX flows that find their target on the FX thread.
 *
 * <p>TestFX's {@code clickOn(Node)} and {@code clickOn(String)} work out where a node is, and whether it is
 * visible, on the test's own thread. A node's bounds are computed lazily and cached in its parent, so doing that
 * while the FX thread lays out the same scene can leave the parent's bookkeeping broken (TestFX issue 813: an
 * {@code IndexOutOfBoundsException: Index -1} from {@code Parent.updateCachedBounds}, at every later pulse). A tab
 * whose terminal repaints all the time makes that likely on a busy machine. Here the node is looked up, and
 * measured each time the robot asks where it is (before moving and again on arrival, so a dialog that centres
 * itself is still hit), on the FX thread.
 */
public final class Clicks {
    private static final long WAIT_SECONDS = 10;

    private Clicks() {
    }

    /** Clicks the middle of {@code node} (the primary button unless others are given). */
    public static FxRobot on(FxRobot robot, Node node, MouseButton... buttons) {
        return robot.clickOn(middle(robot, node), Motion.DEFAULT, buttons);
    }

    /** Clicks the first visible node {@code query} finds (a CSS selector or a label's text, as TestFX reads it). */
    public static FxRobot on(FxRobot robot, String query, MouseButton... buttons) {
        return on(robot, visible(robot, query), buttons);
    }

    /** Double-clicks the middle of {@code node}. */
    public static FxRobot twice(FxRobot robot, Node node, MouseButton... buttons) {
        return robot.doubleClickOn(middle(robot, node), Motion.DEFAULT, buttons);
    }

    /** Double-clicks the first visible node {@code query} finds. */
    public static FxRobot twice(FxRobot robot, String query, MouseButton... buttons) {
        return twice(robot, visible(robot, query), buttons);
    }

    /** Clicks the middle of {@code node} with the secondary button, as for a context menu. */
    public static FxRobot right(FxRobot robot, Node node) {
        return robot.rightClickOn(middle(robot, node), Motion.DEFAULT);
    }

    /** Moves the mouse to the middle of {@code node} without clicking. */
    public static FxRobot moveTo(FxRobot robot, Node node) {
        return robot.moveTo(middle(robot, node), Motion.DEFAULT);
    }

    /** TestFX's point in the middle of {@code node}, worked out on the FX thread whenever it is asked for. */
    public static PointQuery middle(FxRobot robot, Node node) {
        return new OnFx(onFx(() -> robot.point(node)));
    }

    /** A point query whose every answer is computed on the FX thread. */
    private record OnFx(PointQuery inner) implements PointQuery {
        @Override
        public Point2D getPosition() {
            return inner.getPosition();
        }

        @Override
        public Point2D getOffset() {
            return inner.getOffset();
        }

        @Override
        public PointQuery atPosition(Point2D position) {
            return new OnFx(inner.atPosition(position));
        }

        @Override
        public PointQuery atPosition(double x, double y) {
            return new OnFx(inner.atPosition(x, y));
        }

        @Override
        public PointQuery atPosition(Pos position) {
            return new OnFx(inner.atPosition(position));
        }

        @Override
        public PointQuery atOffset(Point2D offset) {
            return new OnFx(inner.atOffset(offset));
        }

        @Override
        public PointQuery atOffset(double x, double y) {
            return new OnFx(inner.atOffset(x, y));
        }

        @Override
        public Point2D query() {
            return onFx(inner::query);
        }

        @Override
        public PointQuery onNode(Node node) {
            return new OnFx(inner.onNode(node));
        }

        @Override
        public Optional<Motion> queryMotion() {
            return inner.queryMotion();
        }
    }

    /** The first node {@code query} finds that TestFX would click: visible and inside its scene. */
    public static Node visible(FxRobot robot, String query) {
        Optional<Node> node = onFx(() -> robot.lookup(query).match(NodeQueryUtils.isVisible()).tryQuery());
        return node.orElseThrow(() -> new AssertionError("no visible node for the query " + query));
    }

    /** Runs {@code work} on the FX thread and waits for its result. */
    public static <T> T onFx(Callable<T> work) {
        if (Platform.isFxApplicationThread()) {
            try {
                return work.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return WaitForAsyncUtils.asyncFx(work).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the FX thread did not answer within " + WAIT_SECONDS + " s", e);
        }
    }
}
