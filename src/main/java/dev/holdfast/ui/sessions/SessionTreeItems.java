package dev.holdfast.ui.sessions;

import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionFilter;
import dev.holdfast.session.SessionProfile;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.scene.control.TreeItem;

/** Builds the session tree: folders (nested by '/') first, sorted by name, then sessions, sorted by name. */
final class SessionTreeItems {
    /** A row in the tree: a folder or a session. */
    sealed interface Entry permits Folder, Session {
        String label();
    }

    record Folder(String path, String label) implements Entry {
    }

    record Session(SessionProfile profile) implements Entry {
        @Override
        public String label() {
            return profile.name();
        }
    }

    private SessionTreeItems() {
    }

    /**
     * @param collapsed folder paths the user collapsed; ignored while filtering so every match shows
     */
    static TreeItem<Entry> build(Catalog catalog, SessionFilter filter, Set<String> collapsed) {
        TreeItem<Entry> root = new TreeItem<>(new Folder("", ""));
        Map<String, TreeItem<Entry>> folders = new LinkedHashMap<>();
        folders.put("", root);
        List<SessionProfile> sorted = catalog.sessions().stream()
                .filter(p -> filter.matches(catalog.effective(p)))
                .sorted(Comparator.comparing((SessionProfile p) -> p.folder().toLowerCase(Locale.ROOT))
                        .thenComparing(p -> p.name().toLowerCase(Locale.ROOT)))
                .toList();
        for (SessionProfile profile : sorted) {
            TreeItem<Entry> parent = folder(profile.folder(), folders, filter, collapsed);
            parent.getChildren().add(new TreeItem<>(new Session(profile)));
        }
        sortFoldersFirst(root);
        return root;
    }

    private static TreeItem<Entry> folder(String path, Map<String, TreeItem<Entry>> folders, SessionFilter filter,
                                          Set<String> collapsed) {
        TreeItem<Entry> existing = folders.get(path);
        if (existing != null) {
            return existing;
        }
        int slash = path.lastIndexOf('/');
        TreeItem<Entry> parent = folder(slash < 0 ? "" : path.substring(0, slash), folders, filter, collapsed);
        TreeItem<Entry> item = new TreeItem<>(new Folder(path, slash < 0 ? path : path.substring(slash + 1)));
        item.setExpanded(!filter.isEmpty() || !collapsed.contains(path));
        parent.getChildren().add(item);
        folders.put(path, item);
        return item;
    }

    private static void sortFoldersFirst(TreeItem<Entry> item) {
        item.getChildren().sort(Comparator
                .comparing((TreeItem<Entry> child) -> child.getValue() instanceof Folder ? 0 : 1)
                .thenComparing(child -> child.getValue().label().toLowerCase(Locale.ROOT)));
        item.getChildren().forEach(SessionTreeItems::sortFoldersFirst);
    }
}
