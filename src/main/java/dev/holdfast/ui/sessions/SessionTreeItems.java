package dev.holdfast.ui.sessions;

import dev.holdfast.session.Catalog;
import dev.holdfast.session.SessionFilter;
import dev.holdfast.session.SessionProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javafx.scene.control.TreeItem;

/**
 * Builds the session tree: folders (nested by '/') first, sorted by name, then sessions, sorted by name.
 * Each folder's children are added in one step, so a tree of 100,000 sessions costs one list change per
 * folder rather than one per session.
 */
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

    private static final Comparator<TreeItem<Entry>> BY_LABEL = Comparator.comparing(
            (TreeItem<Entry> item) -> item.getValue().label().toLowerCase(Locale.ROOT));

    private SessionTreeItems() {
    }

    /**
     * @param collapsed folder paths the user collapsed; ignored while filtering so every match shows
     */
    static TreeItem<Entry> build(Catalog catalog, SessionFilter filter, Set<String> collapsed) {
        SessionFilter.Index index = SessionFilter.Index.of(catalog);
        return build(index, index.matching(filter, null), filter, collapsed).root();
    }

    /**
     * A built tree.
     *
     * @param root the invisible root
     * @param rows each session's item by its position in the index; {@code null} where it is not shown
     */
    record Built(TreeItem<Entry> root, List<TreeItem<Entry>> rows) {
    }

    /**
     * The tree of the sessions at {@code positions} (ascending) of {@code index}, which is already in the
     * tree's order: sessions within a folder come in name order, so only each folder's subfolders are sorted.
     */
    static Built build(SessionFilter.Index index, int[] positions, SessionFilter filter, Set<String> collapsed) {
        List<TreeItem<Entry>> rows = new ArrayList<>(java.util.Collections.nCopies(index.size(), null));
        Node root = new Node(new TreeItem<>(new Folder("", "")));
        Map<String, Node> folders = new HashMap<>();
        List<Node> made = new ArrayList<>();
        folders.put("", root);
        made.add(root);
        Node last = root;
        for (int position : positions) {
            SessionProfile profile = index.get(position);
            Node parent = profile.folder().equals(last.path()) ? last
                    : folder(profile.folder(), folders, made, filter, collapsed);
            TreeItem<Entry> row = new TreeItem<>(new Session(profile));
            rows.set(position, row);
            parent.sessions.add(row);
            last = parent;
        }
        for (Node node : made) {
            node.subfolders.sort(BY_LABEL); // stable: folders whose names differ only in case keep their order
            List<TreeItem<Entry>> children = new ArrayList<>(node.subfolders.size() + node.sessions.size());
            children.addAll(node.subfolders);
            children.addAll(node.sessions);
            node.item.getChildren().setAll(children);
        }
        return new Built(root.item, rows);
    }

    /** A folder being built: its item, and its children until they are added in one step. */
    private record Node(TreeItem<Entry> item, List<TreeItem<Entry>> subfolders, List<TreeItem<Entry>> sessions) {
        Node(TreeItem<Entry> item) {
            this(item, new ArrayList<>(), new ArrayList<>());
        }

        String path() {
            return ((Folder) item.getValue()).path();
        }
    }

    private static Node folder(String path, Map<String, Node> folders, List<Node> made, SessionFilter filter,
                               Set<String> collapsed) {
        Node existing = folders.get(path);
        if (existing != null) {
            return existing;
        }
        int slash = path.lastIndexOf('/');
        Node parent = folder(slash < 0 ? "" : path.substring(0, slash), folders, made, filter, collapsed);
        TreeItem<Entry> item = new TreeItem<>(new Folder(path, slash < 0 ? path : path.substring(slash + 1)));
        item.setExpanded(!filter.isEmpty() || !collapsed.contains(path));
        Node node = new Node(item);
        parent.subfolders.add(item);
        folders.put(path, node);
        made.add(node);
        return node;
    }
}
