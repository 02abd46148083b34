package dev.holdfast.ui.editor;

import dev.holdfast.session.Setting;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * Lays out editor fields in a grid: label, control (with its unit), where the value comes from, and a
 * reset button; the field's error goes on the line below. Controls get ids {@code field-<key>}, the
 * inheritance label {@code badge-<key>}, the reset button {@code reset-<key>}, the error {@code error-<key>}.
 */
final class FieldRows {
    private final EditorModel model;
    private final GridPane grid = new GridPane();
    private int row;

    FieldRows(EditorModel model) {
        this.model = model;
        grid.getStyleClass().add("field-grid");
        grid.setHgap(10);
        grid.setVgap(4);
        ColumnConstraints label = new ColumnConstraints(190, 190, 240);
        ColumnConstraints control = new ColumnConstraints(120, 240, Double.MAX_VALUE);
        control.setHgrow(Priority.ALWAYS);
        ColumnConstraints status = new ColumnConstraints(150);
        status.setHalignment(HPos.LEFT);
        grid.getColumnConstraints().addAll(label, control, status);
    }

    GridPane grid() {
        return grid;
    }

    /** A text field for a string or number setting, with an optional unit such as "s". */
    TextField text(Setting<?> setting, String unit, String prompt) {
        return text(setting, unit, prompt, null);
    }

    /** As {@link #text(Setting, String, String)}, with a node such as a Browse button after the field. */
    TextField text(Setting<?> setting, String unit, String prompt, Node trailing) {
        FieldState<?> field = model.field(setting);
        TextField input = new TextField();
        input.setId("field-" + setting.key());
        input.setPromptText(prompt);
        input.textProperty().bindBidirectional(field.text());
        input.disableProperty().bind(field.applicable().not());
        Node control = input;
        if (setting.type() == Integer.class || trailing != null) {
            HBox box = new HBox(6, input);
            box.setAlignment(Pos.CENTER_LEFT);
            if (setting.type() == Integer.class) {
                input.setPrefColumnCount(8);
                input.setMaxWidth(130);
            } else {
                HBox.setHgrow(input, Priority.ALWAYS);
            }
            if (!unit.isEmpty()) {
                Label unitLabel = new Label(unit);
                unitLabel.getStyleClass().add("unit");
                box.getChildren().add(unitLabel);
            }
            if (trailing != null) {
                box.getChildren().add(trailing);
            }
            control = box;
        }
        add(field, control);
        return input;
    }

    /** A text area for a setting of several lines (one port forward per line, say). */
    TextArea area(Setting<String> setting, String prompt, int rows) {
        FieldState<?> field = model.field(setting);
        TextArea input = new TextArea();
        input.setId("field-" + setting.key());
        input.setPromptText(prompt);
        input.setPrefRowCount(rows);
        input.setWrapText(false);
        input.getStyleClass().add("field-area");
        input.textProperty().bindBidirectional(field.text());
        input.disableProperty().bind(field.applicable().not());
        add(field, input);
        return input;
    }

    /** A drop-down for an enum setting. */
    <T> ComboBox<T> choice(Setting<T> setting) {
        FieldState<T> field = model.field(setting);
        ComboBox<T> combo = new ComboBox<>();
        combo.setId("field-" + setting.key());
        combo.getItems().setAll(setting.type().getEnumConstants());
        combo.setValue(field.valueOrInherited());
        combo.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                field.choose(now);
            }
        });
        field.parsed().addListener((obs, old, now) -> {
            if (now.isOk() && !Objects.equals(combo.getValue(), now.value())) {
                combo.setValue(now.value());
            }
        });
        combo.disableProperty().bind(field.applicable().not());
        add(field, combo);
        return combo;
    }

    /** A check box for a boolean setting; its label is the check box's own text. */
    CheckBox check(Setting<Boolean> setting, String text) {
        FieldState<Boolean> field = model.field(setting);
        CheckBox box = new CheckBox(text);
        box.setMnemonicParsing(false);
        box.setId("field-" + setting.key());
        box.setSelected(field.valueOrInherited());
        box.selectedProperty().addListener((obs, old, now) -> field.choose(now));
        field.parsed().addListener((obs, old, now) -> {
            if (now.isOk() && box.isSelected() != now.value()) {
                box.setSelected(now.value());
            }
        });
        grid.add(box, 0, row, 2, 1);
        grid.add(status(field), 2, row);
        row++;
        return box;
    }

    /** A full-width node such as an explanation. */
    void note(Node node) {
        grid.add(node, 0, row, 3, 1);
        row++;
    }

    /** A row whose control is supplied by the caller and not tied to a setting (name, folder). */
    void plain(String labelText, Node control, javafx.beans.value.ObservableStringValue error,
               javafx.beans.value.ObservableBooleanValue showError, String errorId) {
        Label label = new Label(labelText);
        label.setLabelFor(control);
        grid.add(label, 0, row);
        grid.add(control, 1, row, 2, 1);
        row++;
        Label message = errorLabel(errorId);
        message.textProperty().bind(error);
        bindShown(message, Bindings.createBooleanBinding(
                () -> !error.get().isEmpty() && showError.get(), error, showError));
        grid.add(message, 1, row, 2, 1);
        row++;
    }

    private void add(FieldState<?> field, Node control) {
        Label label = new Label(field.setting().label());
        label.setLabelFor(control);
        label.disableProperty().bind(field.applicable().not());
        grid.add(label, 0, row);
        grid.add(control, 1, row);
        grid.add(status(field), 2, row);
        row++;
        Label message = errorLabel("error-" + field.setting().key());
        message.textProperty().bind(Bindings.createStringBinding(() -> field.error().get().isEmpty()
                ? field.warning().get() : field.error().get(), field.error(), field.warning()));
        bindShown(message, Bindings.createBooleanBinding(
                () -> !message.getText().isEmpty() && (field.touched().get() || !field.text().get().isEmpty()),
                message.textProperty(), field.touched(), field.text()));
        // a warning (the key file is not there right now) looks different from an error and blocks nothing
        Runnable style = () -> {
            boolean warning = !message.getText().isEmpty() && field.error().get().isEmpty();
            toggleClass(message, "field-warning", warning);
            toggleClass(message, "field-error", !warning);
        };
        style.run();
        message.textProperty().addListener((obs, old, now) -> style.run());
        grid.add(message, 1, row, 2, 1);
        row++;
    }

    /** Where the value comes from, and the reset control; for defaults, how many sessions use it. */
    Node status(FieldState<?> field) {
        String key = field.setting().key();
        Label badge = new Label();
        badge.setId("badge-" + key);
        HBox box = new HBox(6, badge);
        box.setAlignment(Pos.CENTER_LEFT);
        if (model.mode() == EditorModel.Mode.DEFAULTS) {
            javafx.beans.value.ObservableValue<Long> count = model.inheritingCount(field.setting());
            javafx.beans.binding.BooleanBinding changed = Bindings.createBooleanBinding(
                    () -> !field.text().get().equals(formatSaved(field)), field.text());
            badge.textProperty().bind(Bindings.createStringBinding(() -> {
                long n = count.getValue();
                String sessions = n + (n == 1 ? " session" : " sessions");
                return changed.get() ? "changes " + sessions : "used by " + sessions;
            }, count, changed));
            changed.addListener((obs, old, now) -> toggleClass(badge, "badge-changed", now));
            badge.getStyleClass().add("badge-inherited");
            badge.setTooltip(new Tooltip("Sessions that do not set their own value use this one."));
            return box;
        }
        badge.textProperty().bind(Bindings.when(field.overridden()).then("overridden").otherwise("inherited"));
        badge.getStyleClass().add(field.overridden().get() ? "badge-overridden" : "badge-inherited");
        field.overridden().addListener((obs, old, now) -> {
            toggleClass(badge, "badge-overridden", now);
            toggleClass(badge, "badge-inherited", !now);
        });
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(Bindings.createStringBinding(
                () -> "Default Settings: " + shown(field), field.inherited()));
        badge.setTooltip(tip);
        Button reset = new Button("Reset");
        reset.setId("reset-" + key);
        reset.getStyleClass().addAll("flat", "small", "reset");
        reset.setTooltip(tip);
        reset.visibleProperty().bind(field.overridden());
        reset.setOnAction(e -> field.reset());
        box.getChildren().add(reset);
        return box;
    }

    private static <T> String formatSaved(FieldState<T> field) {
        return field.setting().format(field.savedValue());
    }

    private static <T> String shown(FieldState<T> field) {
        T value = field.inherited().get();
        return value == null ? "" : ValueText.of(value);
    }

    private static Label errorLabel(String id) {
        Label message = new Label();
        message.setId(id);
        message.getStyleClass().add("field-error");
        message.setWrapText(true);
        return message;
    }

    static void bindShown(Node node, javafx.beans.value.ObservableBooleanValue shown) {
        node.visibleProperty().bind(shown);
        node.managedProperty().bind(shown);
    }

    static void toggleClass(Node node, String styleClass, boolean on) {
        if (on && !node.getStyleClass().contains(styleClass)) {
            node.getStyleClass().add(styleClass);
        } else if (!on) {
            node.getStyleClass().remove(styleClass);
        }
    }
}
