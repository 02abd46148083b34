package dev.holdfast.ui.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpenTabsTest {

    @Test
    void theTabsComeBackAsTheyWereKept() {
        OpenTabs open = new OpenTabs(List.of(new OpenTabs.Tab("a1", 1, "holdfast-web1-1"),
                new OpenTabs.Tab("a1", 2, "holdfast-web1-2"), new OpenTabs.Tab("b2", 1, "holdfast-db-1")), 2);
        assertEquals(open, OpenTabs.parse(open.text()));
        assertEquals(new OpenTabs(List.of(), -1), OpenTabs.parse(new OpenTabs(List.of(), -1).text()));
    }

    @Test
    void aDamagedOrHostilePreferenceRestoresWhatCanBeReadAndNeverAnUnsafeName() {
        String text = """
                selected 7
                a1 1 holdfast-web1-1
                a1 x holdfast-web1-2
                a1 0 holdfast-web1-3
                b2 1 $(touch-pwned)
                b2 1 holdfast;id
                short line
                c3 2 holdfast-c-2
                """;
        OpenTabs read = OpenTabs.parse(text);
        assertEquals(List.of(new OpenTabs.Tab("a1", 1, "holdfast-web1-1"), new OpenTabs.Tab("c3", 2, "holdfast-c-2")),
                read.tabs());
        assertEquals(0, read.selected(), "a selection past the end falls back to the first tab");
        assertEquals(new OpenTabs(List.of(), -1), OpenTabs.parse(null));
        assertEquals(new OpenTabs(List.of(), -1), OpenTabs.parse("\u0000\u00ff garbage"));
    }

    @Test
    void atMostTheLimitComeBack() {
        StringBuilder text = new StringBuilder("selected 0");
        for (int i = 0; i < OpenTabs.LIMIT + 50; i++) {
            text.append("\nid").append(i).append(" 1 holdfast-s-1");
        }
        assertEquals(OpenTabs.LIMIT, OpenTabs.parse(text.toString()).tabs().size());
    }
}
