package dev.holdfast.ui.editor;

import dev.holdfast.keepalive.KeepaliveMode;
import dev.holdfast.keepalive.TcpKeepaliveSupport;
import dev.holdfast.session.AuthMethod;
import dev.holdfast.session.Catalog;
import dev.holdfast.session.DefaultSettings;
import dev.holdfast.session.FieldRules;
import dev.holdfast.session.Parsed;
import dev.holdfast.session.SessionLibrary;
import dev.holdfast.session.SessionProfile;
import dev.holdfast.session.Setting;
import dev.holdfast.session.SettingValues;
import dev.holdfast.session.Settings;
import dev.holdfast.ui.FxThread;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

/**
 * The presentation model behind the settings editor: a session's fields with their inheritance, or
 * Default Settings' fields with how many sessions inherit each. The editor's controls bind to it;
 * {@link #save()} hands the result to the {@link SessionLibrary}. FX thread only.
 */
public final class EditorModel {
    /** What is being edited. */
    public enum Mode { SESSION, DEFAULTS }

    private final Mode mode;
    private final SessionLibrary library;
    private final SessionProfile original;
    private final boolean isNew;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty folder = new SimpleStringProperty(this, "folder", "");
    private final BooleanProperty nameTouched = new SimpleBooleanProperty(this, "nameTouched");
    private final StringBinding nameError;
    private final StringBinding folderError;
    private final Map<Setting<?>, FieldState<?>> fields = new LinkedHashMap<>();
    private final ObjectProperty<Catalog> catalog;
    private final BooleanBinding valid;
    private final Consumer<Catalog> libraryListener;
    private final TcpKeepaliveSupport tcpSupport;
    /** Default Settings only: whether the tabs open at quit come back at the next start. */
    private final javafx.beans.property.BooleanProperty restoreTabs = new javafx.beans.property.SimpleBooleanProperty();
    private final boolean restoreTabsBefore;

    private EditorModel(Mode mode, SessionLibrary library, SessionProfile original, boolean isNew,
                        TcpKeepaliveSupport tcpSupport) {
        this.mode = mode;
        this.library = library;
        this.original = original;
        this.isNew = isNew;
        this.tcpSupport = tcpSupport;
        this.restoreTabsBefore = "true".equals(library.catalog().preferences().get(RESTORE_TABS));
        this.restoreTabs.set(restoreTabsBefore);
        this.catalog = new SimpleObjectProperty<>(this, "catalog", library.catalog());
        for (Setting<?> setting : Settings.ALL) {
            fields.put(setting, newField(setting));
        }
        load(library.catalog());
        wireApplicability();

        this.nameError = Bindings.createStringBinding(() -> mode == Mode.DEFAULTS ? ""
                : library.nameProblem(name.get().strip(), original.id()).orElse(""), name, catalog);
        this.folderError = Bindings.createStringBinding(() -> FieldRules.folder(folder.get().strip()).orElse(""),
                folder);
        name.addListener((obs, old, now) -> nameTouched.set(true));

        BooleanBinding allValid = nameError.isEmpty().and(folderError.isEmpty());
        for (FieldState<?> field : fields.values()) {
            allValid = allValid.and(field.invalid().not());
        }
        this.valid = allValid;

        this.libraryListener = next -> FxThread.run(() -> defaultsChanged(library.catalog())); // the newest
        library.addListener(libraryListener);
    }

    /** Edits an existing session. */
    public static EditorModel forSession(SessionLibrary library, SessionProfile profile) {
        return new EditorModel(Mode.SESSION, library, profile, false, TcpKeepaliveSupport.detect());
    }

    /** Edits a session not yet in the library; it is added on save. */
    public static EditorModel forNewSession(SessionLibrary library) {
        return new EditorModel(Mode.SESSION, library, SessionProfile.create(""), true, TcpKeepaliveSupport.detect());
    }

    public static EditorModel forDefaults(SessionLibrary library) {
        return new EditorModel(Mode.DEFAULTS, library, SessionProfile.create(""), false, TcpKeepaliveSupport.detect());
    }

    private <T> FieldState<T> newField(Setting<T> setting) {
        Function<String, Optional<String>> extra = text -> Optional.empty();
        if (setting == Settings.HOST && mode == Mode.SESSION) {
            extra = text -> text.isEmpty() ? Optional.of("Enter a host name or address") : Optional.empty();
        }
        Function<String, Optional<String>> warning = text -> Optional.empty();
        if (setting == Settings.KEY_FILE || setting == Settings.CERTIFICATE_FILE) {
            warning = FieldRules::keyFileMissing; // a key on an unmounted drive is kept, with a warning
        }
        if (setting == Settings.KEEPALIVE_INTERVAL) {
            // 0 while probes or null packets are chosen would say "off" with the radio saying otherwise: the
            // interval is refused rather than the mode changed behind the user's back (Off is one click away)
            FieldState<KeepaliveMode> keepalive = field(Settings.KEEPALIVE_MODE);
            extra = text -> "0".equals(text.strip()) && keepalive.valueOrInherited() != KeepaliveMode.OFF
                    ? Optional.of("0 s would send nothing: enter 1 s or more, or choose Off to turn keepalive off")
                    : Optional.empty();
            return new FieldState<>(setting, extra, warning, keepalive.parsed());
        }
        return new FieldState<>(setting, extra, warning);
    }

    private void load(Catalog current) {
        DefaultSettings defaults = current.defaults();
        name.set(original.name());
        folder.set(original.folder());
        for (FieldState<?> field : fields.values()) {
            loadField(field, defaults);
        }
    }

    private <T> void loadField(FieldState<T> field, DefaultSettings defaults) {
        Setting<T> setting = field.setting();
        T inherited = mode == Mode.DEFAULTS ? setting.builtIn() : defaults.get(setting);
        if (mode == Mode.DEFAULTS) {
            field.load(defaults.get(setting), true, inherited);
        } else {
            Optional<T> own = original.overrides().get(setting);
            field.load(own.orElse(inherited), own.isPresent(), inherited);
        }
    }

    private void wireApplicability() {
        FieldState<AuthMethod> auth = field(Settings.AUTH);
        for (Setting<?> keyed : List.of(Settings.KEY_FILE, Settings.CERTIFICATE_FILE, Settings.AGENT)) {
            field(keyed).applicable().bind(Bindings.createBooleanBinding(
                    () -> auth.valueOrInherited() == AuthMethod.PUBLIC_KEY, auth.parsed()));
        }
        FieldState<KeepaliveMode> keepalive = field(Settings.KEEPALIVE_MODE);
        field(Settings.KEEPALIVE_INTERVAL).applicable().bind(Bindings.createBooleanBinding(
                () -> keepalive.valueOrInherited() != KeepaliveMode.OFF, keepalive.parsed()));
        field(Settings.KEEPALIVE_COUNT_MAX).applicable().bind(Bindings.createBooleanBinding(
                () -> keepalive.valueOrInherited() == KeepaliveMode.PROBE, keepalive.parsed()));
        FieldState<Boolean> tcp = field(Settings.TCP_KEEPALIVE);
        for (Setting<Integer> setting : List.of(Settings.TCP_KEEP_IDLE, Settings.TCP_KEEP_INTERVAL,
                Settings.TCP_KEEP_COUNT)) {
            field(setting).applicable().bind(Bindings.createBooleanBinding(
                    () -> tcpSupport.tuningSupported() && tcp.valueOrInherited(), tcp.parsed()));
        }
        FieldState<Boolean> reconnect = field(Settings.RECONNECT_AUTO);
        for (Setting<Integer> setting : List.of(Settings.RECONNECT_DELAY, Settings.RECONNECT_ATTEMPTS)) {
            field(setting).applicable().bind(Bindings.createBooleanBinding(reconnect::valueOrInherited,
                    reconnect.parsed()));
        }
    }

    private void defaultsChanged(Catalog next) {
        catalog.set(next);
        if (mode == Mode.SESSION) {
            for (FieldState<?> field : fields.values()) {
                followDefault(field, next.defaults());
            }
        }
    }

    private <T> void followDefault(FieldState<T> field, DefaultSettings defaults) {
        field.inheritedChanged(defaults.get(field.setting()));
    }

    @SuppressWarnings("unchecked")
    public <T> FieldState<T> field(Setting<T> setting) {
        return (FieldState<T>) fields.get(setting);
    }

    /** Writes the edit into the library, which saves it in the background. Only when {@link #valid()}. */
    public void save() {
        if (!valid.get()) {
            throw new IllegalStateException("cannot save while a field is invalid");
        }
        if (mode == Mode.DEFAULTS) {
            SettingValues values = SettingValues.empty();
            for (FieldState<?> field : fields.values()) {
                values = withValue(values, field, true);
            }
            library.setDefaults(new DefaultSettings(values, library.catalog().defaults().unknownSettings()));
            if (restoreTabs.get() != restoreTabsBefore) {
                library.setPreference(RESTORE_TABS, String.valueOf(restoreTabs.get()));
            }
            return;
        }
        SettingValues overrides = SettingValues.empty();
        for (FieldState<?> field : fields.values()) {
            if (field.overridden().get()) {
                overrides = withValue(overrides, field, false);
            }
        }
        library.put(new SessionProfile(original.id(), name.get().strip(), folder.get().strip(), overrides,
                original.unknownSettings(), original.extra()));
    }

    /** Adds the field's value; a value that is invalid only because the field is not applicable is dropped. */
    private static <T> SettingValues withValue(SettingValues values, FieldState<T> field, boolean keepInherited) {
        Parsed<T> parsed = field.parsed().get();
        if (parsed.isOk()) {
            return values.with(field.setting(), parsed.value());
        }
        return keepInherited ? values.with(field.setting(), field.inherited().get()) : values;
    }

    /** Whether closing without saving would lose something the user changed. */
    /** The preference that says whether tabs are restored at start (the app's, not a session's). */
    public static final String RESTORE_TABS = dev.holdfast.ui.sessions.OpenTabs.RESTORE_PREFERENCE;

    /** Default Settings: Restore tabs at start (off unless turned on). */
    public javafx.beans.property.BooleanProperty restoreTabs() {
        return restoreTabs;
    }

    public boolean hasChanges() {
        if (mode == Mode.DEFAULTS && restoreTabs.get() != restoreTabsBefore) {
            return true;
        }
        if (mode == Mode.SESSION && (!name.get().strip().equals(original.name())
                || !folder.get().strip().equals(original.folder()))) {
            return true;
        }
        return fields.values().stream().anyMatch(FieldState::changed);
    }

    /** Stops following the library; call when the editor closes. */
    public void dispose() {
        library.removeListener(libraryListener);
    }

    /** For Default Settings: how many sessions take this setting from the defaults, live. */
    public ObservableValue<Long> inheritingCount(Setting<?> setting) {
        return Bindings.createObjectBinding(() -> catalog.get().inheritingCount(setting), catalog);
    }

    /** For Default Settings: the value the field had when the dialog opened. */
    public <T> T savedDefault(Setting<T> setting) {
        return library.catalog().defaults().get(setting);
    }

    public Mode mode() {
        return mode;
    }

    public boolean isNew() {
        return isNew;
    }

    public SessionProfile original() {
        return original;
    }

    public StringProperty name() {
        return name;
    }

    public BooleanProperty nameTouched() {
        return nameTouched;
    }

    public StringProperty folder() {
        return folder;
    }

    public StringBinding nameError() {
        return nameError;
    }

    public StringBinding folderError() {
        return folderError;
    }

    public BooleanBinding valid() {
        return valid;
    }

    public TcpKeepaliveSupport tcpSupport() {
        return tcpSupport;
    }

    /** Folders already in use, for the folder field's suggestions. */
    public List<String> knownFolders() {
        return library.catalog().folders();
    }

    /** Settings whose field is currently invalid, in editor order. */
    public List<Setting<?>> invalidSettings() {
        return fields.values().stream().filter(f -> f.invalid().get()).<Setting<?>>map(FieldState::setting).toList();
    }
}
