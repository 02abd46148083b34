package dev.holdfast.ui.sessions;

import dev.holdfast.session.Catalog;
import dev.holdfast.session.EffectiveSettings;
import dev.holdfast.session.SessionFilter;
import dev.holdfast.session.SessionLibrary;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.ui.FxThread;
import dev.holdfast.threads.Threads;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The left side of the main window: filter box, session tree grouped by folder, the action buttons and
 * a summary of the selected session's effective settings. Follows the library live.
 */
public final class SessionListPane {
    /**
     * From this many sessions a keystroke filters and builds the new tree off the FX thread. Below, the
     * work takes well under a frame, and is done at once, so the list follows each key in the same event.
     */
    public static final int FILTER_OFF_FX_FROM = 500;
    /**
     * Key of the tree's {@link javafx.scene.Node#getProperties() properties} holding the filter text the
     * rows show, set when they follow a new text: for tests and benchmarks waiting until the list caught up.
     */
    public static final String SHOWN_FILTER = "holdfast.shownFilter";
    /** One thread for every list, made when a large catalog is first filtered and ended after idling. */
    private static final Executor FILTERING = filteringExecutor();
    private final SessionLibrary library;
    private final SessionActions actions;
    private final VBox root = new VBox(8);
    private final TextField filter = new TextField();
    private final TreeView<SessionTreeItems.Entry> tree = new TreeView<>();
    private final ObjectProperty<SessionProfile> selected = new SimpleObjectProperty<>(this, "selected");
    private final SessionDetails details = new SessionDetails();
    private final Set<String> collapsed = new HashSet<>();
    // what the tree shows: the catalog's sessions in list order, the query, and the positions it matched
    private SessionFilter.Index index;
    private SessionFilter shownQuery = new SessionFilter("");
    private int[] shownPositions = new int[0];
    private List<TreeItem<SessionTreeItems.Entry>> rows; // the shown rows by position in the index
    private boolean rebuilding; // the tree is being replaced: its passing selection changes are not the user's
    // Filtering a large catalog runs on FILTERING; only the swap of the finished tree is left for the FX
    // thread. Each query typed is a new generation: a result is shown only if it is still the latest one
    // asked for (and of the catalog shown), so keys typed faster than results come never show a stale one.
    private final AtomicLong requested = new AtomicLong(); // the latest generation asked for (FX thread writes)
    private long appliedGeneration; // the generation the tree shows; FX thread
    // One instance, added to the library and later removed from it by identity: a method reference would
    // make a new object each time, so the lambda is kept in a field on purpose.
    private final Consumer<Catalog> listener;

    public SessionListPane(SessionLibrary library, SessionActions actions) {
        this.library = library;
        // the newest catalog when the FX thread gets to it: a merge adopted on the store thread can be told
        // after a newer change made here
        this.listener = catalog -> FxThread.run(() -> refresh(library.catalog()));
        this.actions = actions;
        root.getStyleClass().add("session-list");
        root.setPadding(new Insets(10));

        filter.setId("filter");
        filter.setPromptText("Filter sessions (Ctrl+F)");
        filter.textProperty().addListener((obs, old, now) -> filterChanged());
        filter.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                finishFiltering(); // Enter opens the first match of what was typed, not of an older query
                selectedProfile().ifPresent(actions::open);
                e.consume();
            } else if (e.getCode() == KeyCode.DOWN) {
                finishFiltering();
                tree.requestFocus();
                if (tree.getSelectionModel().isEmpty()) {
                    selectFirstSession();
                }
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE && !filter.getText().isEmpty()) {
                filter.clear();
                e.consume();
            }
        });

        tree.setId("sessionTree");
        tree.setShowRoot(false);
        tree.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        tree.setCellFactory(view -> new EntryCell());
        tree.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (!rebuilding) {
                selected.set(item != null && item.getValue() instanceof SessionTreeItems.Session s ? s.profile() : null);
            }
        });
        tree.setOnKeyPressed(e -> {
            Optional<SessionProfile> profile = selectedProfile();
            if (profile.isEmpty()) {
                return;
            }
            switch (e.getCode()) {
                case ENTER -> actions.open(profile.get());
                case DELETE -> actions.delete(profile.get());
                default -> {
                    return;
                }
            }
            e.consume();
        });
        // TreeView takes F2 for its own cell editing, which this list does not use, before the menu's
        // accelerator sees it: a filter runs first, so F2 renames whether the list or the filter has focus
        tree.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F2 && !e.isShortcutDown() && !e.isAltDown() && !e.isShiftDown()) {
                selectedProfile().ifPresent(actions::rename);
                e.consume();
            }
        });
        tree.setContextMenu(contextMenu());
        VBox.setVgrow(tree, Priority.ALWAYS);

        selected.addListener((obs, old, now) -> details.show(now == null ? null : library.catalog().effective(now)));

        root.getChildren().addAll(filter, tree, buttons(), details.node());
        refresh(library.catalog());
        library.addListener(listener);
    }

    public VBox node() {
        return root;
    }

    public TextField filterField() {
        return filter;
    }

    /** The selected session, as it is in the library now. */
    public Optional<SessionProfile> selectedProfile() {
        return Optional.ofNullable(selected.get()).flatMap(p -> library.catalog().byId(p.id()));
    }

    public ObjectProperty<SessionProfile> selectedProperty() {
        return selected;
    }

    /** Selects the session and moves the keyboard focus to the list, so F2, Delete and Enter act on it. */
    public void selectAndFocus(String id) {
        select(id);
        tree.requestFocus();
    }

    public void select(String id) {
        selectWhere(item -> item.getValue() instanceof SessionTreeItems.Session s && s.profile().id().equals(id));
    }

    public void dispose() {
        library.removeListener(listener);
    }

    /** The filter's text changed: the list follows it, now for a small catalog, else off the FX thread. */
    private void filterChanged() {
        Catalog catalog = library.catalog();
        if (index == null || !index.isOf(catalog) || index.size() < FILTER_OFF_FX_FROM || tree.getRoot() == null) {
            refresh(catalog);
            afterFiltering();
            return;
        }
        long generation = requested.incrementAndGet();
        String text = filter.getText();
        SessionFilter query = new SessionFilter(text);
        SessionFilter.Index of = index;
        SessionFilter wider = shownQuery;
        int[] within = shownPositions;
        Set<String> collapsedNow = Set.copyOf(collapsed);
        FILTERING.execute(() -> {
            if (requested.get() != generation) {
                return; // a newer key was typed before this one's turn came
            }
            int[] positions = of.matching(query, query.narrows(wider) ? within : null);
            boolean sameRows = query.isEmpty() == wider.isEmpty() && Arrays.equals(positions, within);
            SessionTreeItems.Built built = sameRows || requested.get() != generation ? null
                    : SessionTreeItems.build(of, positions, query, collapsedNow);
            FxThread.run(() -> {
                // shown only if no newer query was asked for and the catalog is still the one it filtered
                if (requested.get() != generation || index != of || (!sameRows && built == null)) {
                    return;
                }
                appliedGeneration = generation;
                shownQuery = query;
                shownPositions = positions;
                if (!sameRows) {
                    show(built, of.catalog());
                }
                afterFiltering();
                tree.getProperties().put(SHOWN_FILTER, text);
            });
        });
    }

    /** After the rows follow a new query: a selection the filter hid gives way to the first match. */
    private void afterFiltering() {
        if (tree.getSelectionModel().isEmpty()) {
            selectFirstSession();
        }
    }

    /**
     * Makes the list show what the filter's text asks for now, when a keystroke is still being filtered off
     * the FX thread: for Enter and Down, which act on the matches of what was typed.
     */
    private void finishFiltering() {
        if (requested.get() != appliedGeneration) {
            refresh(library.catalog());
            afterFiltering();
        }
    }

    private void refresh(Catalog catalog) {
        // what this shows is newer than any result being made off the FX thread: that one is dropped
        appliedGeneration = requested.incrementAndGet();
        tree.getProperties().put(SHOWN_FILTER, filter.getText());
        SessionFilter query = new SessionFilter(filter.getText());
        boolean sameCatalog = index != null && index.isOf(catalog);
        SessionFilter.Index previous = index;
        if (!sameCatalog) {
            index = SessionFilter.Index.of(catalog, previous);
            if (rows != null && query.sameQuery(shownQuery) && updatedInPlace(query)) {
                showDetails(catalog);
                return;
            }
        }
        // one more letter typed: only what the shorter query matched can still match
        int[] positions = index.matching(query, sameCatalog && query.narrows(shownQuery) ? shownPositions : null);
        boolean sameTree = sameCatalog && tree.getRoot() != null && query.isEmpty() == shownQuery.isEmpty()
                && Arrays.equals(positions, shownPositions);
        shownQuery = query;
        shownPositions = positions;
        if (sameTree) {
            return; // the same rows as shown: nothing to rebuild, the selection and details stay
        }
        show(SessionTreeItems.build(index, positions, query, collapsed), catalog);
    }

    /** Puts a built tree in the list, keeping the selected session selected if it is in it. */
    private void show(SessionTreeItems.Built built, Catalog catalog) {
        String keep = selected.get() == null ? null : selected.get().id();
        rows = built.rows();
        rebuilding = true;
        try {
            tree.setRoot(built.root());
            watchCollapse(built.root());
            if (keep != null) {
                select(keep);
            }
        } finally {
            rebuilding = false;
        }
        showDetails(catalog);
    }

    /**
     * After a change that kept every session's place (an edit of settings, not of a name or folder): when
     * the changed sessions match the query as before, their rows take the new values and nothing else is
     * rebuilt. False when the tree has to be built again.
     */
    private boolean updatedInPlace(SessionFilter query) {
        Optional<int[]> changed = index.changed();
        if (changed.isEmpty()) {
            return false;
        }
        for (int position : changed.get()) {
            boolean shown = Arrays.binarySearch(shownPositions, position) >= 0;
            if (shown != index.matches(query, position)) {
                return false;
            }
        }
        for (int position : changed.get()) {
            TreeItem<SessionTreeItems.Entry> row = rows.get(position);
            if (row != null) {
                row.setValue(new SessionTreeItems.Session(index.get(position)));
            }
        }
        return true;
    }

    /** The selected row's session, as the catalog has it now, in {@link #selected} and the details. */
    private void showDetails(Catalog catalog) {
        TreeItem<SessionTreeItems.Entry> item = tree.getSelectionModel().getSelectedItem();
        SessionProfile current = item != null && item.getValue() instanceof SessionTreeItems.Session s
                ? catalog.byId(s.profile().id()).orElse(null) : null;
        selected.set(current);
        details.show(current == null ? null : catalog.effective(current));
    }

    /**
     * Remembers which folders the user collapses in the unfiltered tree: one handler on the root, which
     * every folder's expand and collapse events reach, rather than a listener on each folder.
     */
    private void watchCollapse(TreeItem<SessionTreeItems.Entry> root) {
        root.addEventHandler(TreeItem.<SessionTreeItems.Entry>branchExpandedEvent(), e -> followCollapse(e, true));
        root.addEventHandler(TreeItem.<SessionTreeItems.Entry>branchCollapsedEvent(), e -> followCollapse(e, false));
    }

    private void followCollapse(TreeItem.TreeModificationEvent<SessionTreeItems.Entry> e, boolean expanded) {
        TreeItem<SessionTreeItems.Entry> item = e.getTreeItem();
        if (item != null && item.getValue() instanceof SessionTreeItems.Folder folder && !folder.path().isEmpty()
                && new SessionFilter(filter.getText()).isEmpty()) {
            if (expanded) {
                collapsed.remove(folder.path());
            } else {
                collapsed.add(folder.path());
            }
        }
    }

    private void selectFirstSession() {
        selectWhere(item -> item.getValue() instanceof SessionTreeItems.Session);
    }

    private void selectWhere(java.util.function.Predicate<TreeItem<SessionTreeItems.Entry>> wanted) {
        TreeItem<SessionTreeItems.Entry> found = find(tree.getRoot(), wanted);
        if (found != null) {
            for (TreeItem<SessionTreeItems.Entry> p = found.getParent(); p != null; p = p.getParent()) {
                p.setExpanded(true);
            }
            tree.getSelectionModel().select(found);
            int row = tree.getRow(found);
            if (row >= 0) {
                tree.scrollTo(Math.max(0, row - 3));
            }
        } else {
            tree.getSelectionModel().clearSelection();
        }
    }

    private static TreeItem<SessionTreeItems.Entry> find(TreeItem<SessionTreeItems.Entry> item,
                                                          java.util.function.Predicate<TreeItem<SessionTreeItems.Entry>> wanted) {
        if (item == null) {
            return null;
        }
        for (TreeItem<SessionTreeItems.Entry> child : item.getChildren()) {
            if (wanted.test(child)) {
                return child;
            }
            TreeItem<SessionTreeItems.Entry> deeper = find(child, wanted);
            if (deeper != null) {
                return deeper;
            }
        }
        return null;
    }

    /**
     * New, Open and Edit, and the rarer actions behind "\u22ef": one row at the list's default width (six buttons
     * wrapped onto two or three).
     */
    private FlowPane buttons() {
        BooleanBinding none = selected.isNull();
        MenuItem duplicate = item("Duplicate", () -> selectedProfile().ifPresent(actions::duplicate));
        duplicate.setId("duplicateButton");
        MenuItem rename = item("Rename\u2026", () -> selectedProfile().ifPresent(actions::rename));
        rename.setId("renameButton");
        MenuItem delete = item("Delete\u2026", () -> selectedProfile().ifPresent(actions::delete));
        delete.setId("deleteButton");
        for (MenuItem needsSession : new MenuItem[] {duplicate, rename, delete}) {
            needsSession.disableProperty().bind(none);
        }
        javafx.scene.control.MenuButton more = new javafx.scene.control.MenuButton("\u22ef", null,
                duplicate, rename, delete);
        more.setId("moreButton");
        more.setTooltip(new javafx.scene.control.Tooltip("Duplicate (Ctrl+D), Rename (F2), Delete (Delete)"));
        FlowPane bar = new FlowPane(6, 6,
                button("New", "newButton", false, null, actions::newSession),
                button("Open", "openButton", true, none, () -> selectedProfile().ifPresent(actions::open)),
                button("Edit", "editButton", false, none, () -> selectedProfile().ifPresent(actions::edit)),
                more);
        bar.getStyleClass().add("session-buttons");
        return bar;
    }

    private static Button button(String text, String id, boolean accent, BooleanBinding disabled, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        if (accent) {
            button.getStyleClass().add("accent");
        }
        if (disabled != null) {
            button.disableProperty().bind(disabled);
        }
        button.setOnAction(e -> action.run());
        return button;
    }

    private ContextMenu contextMenu() {
        MenuItem open = item("Open", () -> selectedProfile().ifPresent(actions::open));
        MenuItem edit = item("Edit\u2026", () -> selectedProfile().ifPresent(actions::edit));
        MenuItem duplicate = item("Duplicate", () -> selectedProfile().ifPresent(actions::duplicate));
        MenuItem rename = item("Rename\u2026", () -> selectedProfile().ifPresent(actions::rename));
        MenuItem delete = item("Delete\u2026", () -> selectedProfile().ifPresent(actions::delete));
        MenuItem command = item("Copy as ssh Command", () -> selectedProfile().ifPresent(actions::copyAsCommand));
        MenuItem config = item("Copy as ssh_config Block", () -> selectedProfile().ifPresent(actions::copyAsConfig));
        command.setId("copyAsCommand");
        config.setId("copyAsConfig");
        for (MenuItem needsSession : new MenuItem[] {open, edit, duplicate, rename, delete, command, config}) {
            needsSession.disableProperty().bind(selected.isNull());
        }
        return new ContextMenu(open, edit, duplicate, rename, delete, new SeparatorMenuItem(), command, config,
                new SeparatorMenuItem(), item("New Session\u2026", actions::newSession));
    }

    private static Executor filteringExecutor() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Threads.factory("session-filter", false));
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private static MenuItem item(String text, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setOnAction(e -> action.run());
        return item;
    }

    /** Marks a row's name as a folder's (shown in bold); a pseudo-class, which restyles only the name. */
    public static final PseudoClass FOLDER = PseudoClass.getPseudoClass("folder");

    /**
     * A folder in bold with its arrow, or a session with its target in muted text; double-click opens.
     *
     * <p>A cell is reused for any row, folder or session, and a filter keystroke that changes the rows gives
     * most cells another kind. Whatever is added to the cell, removed from it, or given another style class
     * makes JavaFX match the style sheets against it and all it holds again (the slowest part of swapping a
     * new tree in). So a cell's nodes and style classes never change: the folder's arrow is a node of the
     * cell's own, hidden for a session and placed by hand in the margin JavaFX leaves before every row's
     * text, and the kind is a pseudo-class on the name only. JavaFX's disclosure node, which its cell skin
     * takes out for every session row and puts back for every folder row, is not used.
     */
    private final class EntryCell extends TreeCell<SessionTreeItems.Entry> {
        private final StackPane arrow = new StackPane();
        private final StackPane disclosure = new StackPane(arrow);
        private final Label name = new Label();
        private final Label target = new Label();
        private final HBox box = new HBox(8, name, target, disclosure);

        EntryCell() {
            target.getStyleClass().add("session-target");
            name.getStyleClass().add("session-name");
            arrow.getStyleClass().add("session-arrow");
            disclosure.getStyleClass().add("session-disclosure");
            disclosure.setManaged(false); // not laid out by the box: see layoutChildren
            disclosure.setVisible(false);
            // the tree gives every new cell a disclosure node of its own, which is dropped at once (see above)
            disclosureNodeProperty().addListener((obs, old, now) -> {
                if (now != null) {
                    setDisclosureNode(null);
                }
            });
            // A row never asks for more than the list's width: no sideways scroll bar for a long target, which
            // is cut short with an ellipsis instead; the name keeps its width, as it is what a row is known by.
            setPrefWidth(0);
            name.setMinWidth(Region.USE_PREF_SIZE);
            target.setMinWidth(0);
            disclosure.setOnMousePressed(e -> {
                TreeItem<SessionTreeItems.Entry> item = getTreeItem();
                if (e.getButton() == MouseButton.PRIMARY && !isEmpty() && item != null && !item.isLeaf()) {
                    item.setExpanded(!item.isExpanded());
                    e.consume();
                }
            });
            setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !isEmpty()
                        && getItem() instanceof SessionTreeItems.Session s) {
                    library.catalog().byId(s.profile().id()).ifPresent(actions::open);
                }
            });
            setGraphic(box);
        }

        /**
         * The first row laid out gives every row its height: with a fixed cell size the tree stops measuring
         * rows (applying CSS to cells made for the purpose) to estimate its scroll range, which each filter
         * keystroke and each scroll to the selection did otherwise.
         */
        @Override
        protected void layoutChildren() {
            super.layoutChildren();
            if (tree.getFixedCellSize() <= 0 && !isEmpty() && getHeight() > 0) {
                tree.setFixedCellSize(getHeight());
            }
            // the arrow sits in the margin before the name that the tree leaves on every row for its own
            disclosure.autosize();
            disclosure.relocate(-disclosure.getWidth(), snapPositionY((box.getHeight() - disclosure.getHeight()) / 2));
        }

        @Override
        protected void updateItem(SessionTreeItems.Entry entry, boolean empty) {
            super.updateItem(entry, empty);
            setText(null);
            // The graphic stays while the cell is empty (see the class comment): an empty cell shows empty labels.
            setGraphic(box);
            boolean folder = !empty && entry instanceof SessionTreeItems.Folder;
            name.pseudoClassStateChanged(FOLDER, folder);
            disclosure.setVisible(folder);
            if (empty || entry == null) {
                name.setText("");
                target.setText("");
                return;
            }
            name.setText(entry.label());
            if (entry instanceof SessionTreeItems.Session s) {
                EffectiveSettings effective = library.catalog().effective(s.profile());
                target.setText(effective.target());
            } else {
                target.setText("");
            }
        }
    }
}
