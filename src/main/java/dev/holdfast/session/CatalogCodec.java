package dev.holdfast.session;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns a {@link Catalog} into the settings file's JSON and back. Reading is forgiving: unknown fields
 * are kept for the next save, a value that breaks its rule is dropped with a warning, and only a file
 * whose JSON or overall shape is broken is refused. Fields whose names look like secrets are never kept.
 */
final class CatalogCodec {
    static final int SCHEMA_VERSION = 1;
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(pass(word|phrase|wd)|secret|token).*");
    private static final int MAX_DUPLICATE_WARNINGS = 20;
    private static final Set<String> SETTING_KEYS = Settings.ALL.stream().map(Setting::key)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    /** Each setting's place in {@link Settings#ALL}, the order its values are decoded (and warned about) in. */
    private static final Map<String, Integer> SETTING_POSITION = settingPositions();
    private static final Set<String> ENTRY_KEYS = Set.of("id", "name", "folder", "settings");
    private static final Set<String> ENTRY_KEYS_NO_FOLDER = Set.of("id", "name", "settings");

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final com.fasterxml.jackson.databind.ObjectReader strictReader = mapper.reader()
            .with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    /** What reading produced: the catalog and what had to be repaired to read it. */
    record Decoded(Catalog catalog, List<String> warnings) {
    }

    /** The file is not JSON, or not shaped like a settings file at all. */
    static final class UnreadableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The settings file's bytes: indented JSON, written as a stream (no tree of the whole file is made), so
     * the save of one change to 100,000 sessions costs one pass over them.
     */
    byte[] encode(Catalog catalog) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192 + catalog.sessions().size() * 320);
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeNumberField("schemaVersion", SCHEMA_VERSION);
            json.writeObjectFieldStart("preferences");
            for (Map.Entry<String, String> preference : catalog.preferences().entrySet()) {
                json.writeStringField(preference.getKey(), preference.getValue());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("defaults");
            Set<String> written = new HashSet<>();
            for (Setting<?> setting : Settings.ALL) {
                writeDefault(json, setting, catalog.defaults());
                written.add(setting.key());
            }
            writeExtra(json, catalog.defaults().unknownSettings(), written);
            json.writeEndObject();
            json.writeArrayFieldStart("sessions");
            for (SessionProfile profile : catalog.sessions()) {
                writeSession(json, profile);
            }
            json.writeEndArray();
            writeExtra(json, catalog.extra(), Set.of("schemaVersion", "preferences", "defaults", "sessions"));
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write settings JSON", e);
        }
        return out.toByteArray();
    }

    private void writeSession(JsonGenerator json, SessionProfile profile) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", profile.id());
        json.writeStringField("name", profile.name());
        Set<String> entryKeys = profile.folder().isEmpty() ? ENTRY_KEYS_NO_FOLDER : ENTRY_KEYS;
        if (!profile.folder().isEmpty()) {
            json.writeStringField("folder", profile.folder());
        }
        json.writeObjectFieldStart("settings");
        Set<String> written = profile.unknownSettings().isEmpty() ? null : new HashSet<>();
        for (Setting<?> setting : Settings.ALL) {
            if (profile.overrides().contains(setting)) {
                writeOverride(json, setting, profile.overrides());
                if (written != null) {
                    written.add(setting.key());
                }
            }
        }
        if (written != null) {
            writeExtra(json, profile.unknownSettings(), written);
        }
        json.writeEndObject();
        writeExtra(json, profile.extra(), entryKeys);
        json.writeEndObject();
    }

    private static <T> void writeDefault(JsonGenerator json, Setting<T> setting, DefaultSettings defaults)
            throws IOException {
        writeValue(json, setting, defaults.get(setting));
    }

    private static <T> void writeOverride(JsonGenerator json, Setting<T> setting, SettingValues values)
            throws IOException {
        writeValue(json, setting, values.get(setting).orElseThrow());
    }

    private static <T> void writeValue(JsonGenerator json, Setting<T> setting, T value) throws IOException {
        if (value instanceof Integer number) {
            json.writeNumberField(setting.key(), number);
        } else if (value instanceof Boolean flag) {
            json.writeBooleanField(setting.key(), flag);
        } else {
            json.writeStringField(setting.key(), setting.format(value));
        }
    }

    /** Fields kept from a newer version, after the object's own: never one already written, never a secret. */
    private static void writeExtra(JsonGenerator json, Map<String, Object> extra, Set<String> written)
            throws IOException {
        for (Map.Entry<String, Object> field : extra.entrySet()) {
            if (!written.contains(field.getKey()) && !isSecretName(field.getKey())) {
                json.writeFieldName(field.getKey());
                json.writeObject(field.getValue());
            }
        }
    }

    Decoded decode(byte[] content) throws UnreadableException {
        JsonNode root;
        boolean duplicates = false;
        try {
            try {
                // one pass in the usual case: the parser itself notices a key that appears twice
                root = strictReader.readTree(content);
            } catch (JsonProcessingException e) {
                if (e.getOriginalMessage() == null || !e.getOriginalMessage().startsWith("Duplicate field")) {
                    throw e;
                }
                duplicates = true;
                root = mapper.readTree(content);
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new UnreadableException("it is not valid JSON: " + firstLine(e.getOriginalMessage()) + where + ".", e);
        } catch (IOException e) {
            throw new UnreadableException("it is not valid JSON: " + firstLine(e.getMessage()) + ".", e);
        }
        if (root == null || !root.isObject()) {
            throw new UnreadableException("it does not hold a JSON object at the top level.", null);
        }
        JsonNode sessionsNode = root.path("sessions");
        if (!sessionsNode.isMissingNode() && !sessionsNode.isArray()) {
            throw new UnreadableException("its \"sessions\" field is not a list.", null);
        }
        List<String> warnings = new ArrayList<>(duplicates ? duplicateKeys(content) : List.of());
        int version = root.path("schemaVersion").asInt(SCHEMA_VERSION);
        if (version > SCHEMA_VERSION) {
            warnings.add("The file was written by a newer Holdfast (schema " + version
                    + "); settings this version does not know are kept as they are.");
        }
        Map<String, String> preferences = new LinkedHashMap<>();
        root.path("preferences").fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode() && !isSecretName(e.getKey())) {
                preferences.put(e.getKey(), e.getValue().asText());
            }
        });
        DefaultSettings defaults = decodeDefaults(root.path("defaults"), warnings);
        List<SessionProfile> sessions = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode entry : sessionsNode) {
            index++;
            if (!entry.isObject()) {
                warnings.add("Session entry " + index + " is not an object and was skipped.");
                continue;
            }
            sessions.add(decodeSession(entry, index, names, ids, warnings));
        }
        Map<String, Object> extra = unknownFields(root, Set.of("schemaVersion", "preferences", "defaults", "sessions"),
                "the top level", warnings);
        return new Decoded(new Catalog(defaults, sessions, preferences, extra), warnings);
    }

    /**
     * One warning for each key that appears twice in the same object. JSON readers keep the last one
     * silently; here the user is told, and the repair copy keeps what the earlier one held.
     */
    private List<String> duplicateKeys(byte[] content) {
        List<String> warnings = new ArrayList<>();
        Deque<Set<String>> open = new ArrayDeque<>();
        try (JsonParser parser = mapper.getFactory().createParser(content)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_OBJECT) {
                    open.push(new HashSet<>());
                } else if (token == JsonToken.END_OBJECT) {
                    open.pop();
                } else if (token == JsonToken.FIELD_NAME && !open.isEmpty()
                        && !open.peek().add(parser.currentName()) && warnings.size() < MAX_DUPLICATE_WARNINGS) {
                    String parent = parser.getParsingContext().getParent().pathAsPointer().toString();
                    warnings.add("The key \"" + parser.currentName() + "\" appears more than once in "
                            + (parent.isEmpty() ? "the top level" : parent) + " (line "
                            + parser.currentLocation().getLineNr() + "); only the last one was used.");
                }
            }
        } catch (IOException e) {
            return warnings; // not JSON: readTree says where, and the file is set aside
        }
        return warnings;
    }

    private DefaultSettings decodeDefaults(JsonNode node, List<String> warnings) {
        if (node.isMissingNode()) {
            return DefaultSettings.builtIn();
        }
        if (!node.isObject()) {
            warnings.add("\"defaults\" is not an object; the built-in defaults are used.");
            return DefaultSettings.builtIn();
        }
        SettingValues values = decodeValues((ObjectNode) node, "Default Settings", warnings);
        Map<String, Object> unknown = unknownSettings((ObjectNode) node, "Default Settings", warnings);
        return new DefaultSettings(values, unknown);
    }

    private SessionProfile decodeSession(JsonNode entry, int index, Set<String> names, Set<String> ids,
                                         List<String> warnings) {
        String name = entry.path("name").isTextual() ? entry.path("name").asText().strip() : "";
        Optional<String> nameProblem = FieldRules.sessionName(name);
        if (nameProblem.isPresent()) {
            String replacement = "Session " + index;
            warnings.add("Session entry " + index + " had no usable name (" + nameProblem.get()
                    + "); it is now called '" + replacement + "'.");
            name = replacement;
        }
        String unique = SessionNames.unique(name, n -> names.contains(n.toLowerCase(Locale.ROOT)));
        if (!unique.equals(name)) {
            warnings.add("Two sessions were called '" + name + "'; the second is now '" + unique + "'.");
        }
        names.add(unique.toLowerCase(Locale.ROOT));
        String id = entry.path("id").isTextual() && !entry.path("id").asText().isBlank()
                ? entry.path("id").asText() : UUID.randomUUID().toString();
        if (!ids.add(id)) {
            id = UUID.randomUUID().toString();
            ids.add(id);
        }
        String folder = entry.path("folder").isTextual() ? entry.path("folder").asText() : "";
        if (FieldRules.folder(folder).isPresent()) {
            warnings.add("Session '" + unique + "': folder '" + folder + "' ignored: " + FieldRules.folder(folder).get());
            folder = "";
        }
        SettingValues overrides = SettingValues.empty();
        Map<String, Object> unknownSettings = Map.of();
        JsonNode settings = entry.path("settings");
        String where = "Session '" + unique + "'";
        if (settings.isObject()) {
            overrides = decodeValues((ObjectNode) settings, where, warnings);
            unknownSettings = unknownSettings((ObjectNode) settings, where, warnings);
        } else if (!settings.isMissingNode()) {
            warnings.add(where + ": \"settings\" is not an object; it inherits everything.");
        }
        Map<String, Object> extra = unknownFields(entry, ENTRY_KEYS, where, warnings);
        return new SessionProfile(id, unique, folder, overrides, unknownSettings, extra);
    }

    private SettingValues decodeValues(ObjectNode node, String where, List<String> warnings) {
        // the fields the object has (a session overrides a few of the settings), not every setting looked up
        long present = 0;
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            Integer at = SETTING_POSITION.get(keys.next());
            if (at != null) {
                present |= 1L << at;
            }
        }
        if (present == 0) {
            return SettingValues.empty();
        }
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (long rest = present; rest != 0; rest &= rest - 1) {
            Setting<?> setting = Settings.ALL.get(Long.numberOfTrailingZeros(rest));
            JsonNode value = node.get(setting.key());
            if (!value.isNull()) {
                decodeOne(setting, value, values, where, warnings);
            }
        }
        return SettingValues.of(values);
    }

    private static Map<String, Integer> settingPositions() {
        if (Settings.ALL.size() > Long.SIZE) {
            throw new IllegalStateException("decodeValues keeps the settings present in a long: at most 64");
        }
        Map<String, Integer> positions = new java.util.HashMap<>();
        for (int i = 0; i < Settings.ALL.size(); i++) {
            positions.put(Settings.ALL.get(i).key(), i);
        }
        return Map.copyOf(positions);
    }

    private <T> void decodeOne(Setting<T> setting, JsonNode node, Map<Setting<?>, Object> values, String where,
                               List<String> warnings) {
        Parsed<T> parsed = fromJson(setting, node);
        if (parsed.isOk()) {
            values.put(setting, setting.type().cast(java.util.Objects.requireNonNull(parsed.value())));
            return;
        }
        warnings.add(where + ": " + setting.key() + " " + node + " ignored: " + parsed.error().orElse("")
                + ".");
    }

    private static <T> Parsed<T> fromJson(Setting<T> setting, JsonNode node) {
        Class<T> type = setting.type();
        if (type == Integer.class && !node.canConvertToExactIntegral()) {
            return Parsed.error("not a whole number");
        }
        if (type == Integer.class && !node.canConvertToInt()) {
            return Parsed.error("number is too large");
        }
        if (type == Boolean.class && !node.isBoolean()) {
            return Parsed.error("not true or false");
        }
        if ((type == String.class || type.isEnum()) && !node.isTextual()) {
            return Parsed.error("not text");
        }
        return setting.parse(node.asText());
    }

    private Map<String, Object> unknownSettings(ObjectNode node, String where, List<String> warnings) {
        return unknownFields(node, SETTING_KEYS, where, warnings);
    }

    private Map<String, Object> unknownFields(JsonNode node, Set<String> known, String where, List<String> warnings) {
        Map<String, Object> unknown = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (known.contains(field.getKey())) {
                continue;
            }
            if (isSecretName(field.getKey())) {
                warnings.add(secretRemoved(where, field.getKey()));
                continue;
            }
            JsonNode value = field.getValue().deepCopy();
            removeSecrets(value, where + " \u203a " + field.getKey(), warnings);
            unknown.put(field.getKey(), mapper.convertValue(value, Object.class));
        }
        return unknown;
    }

    private static String secretRemoved(String where, String key) {
        return where + ": a field named '" + key + "' was removed; Holdfast never keeps passwords or other "
                + "secrets in its files.";
    }

    /** Removes secret-named fields from {@code node} at any depth, in objects and in arrays. */
    private static void removeSecrets(JsonNode node, String where, List<String> warnings) {
        if (node instanceof ObjectNode object) {
            List<String> keys = new ArrayList<>();
            object.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                if (isSecretName(key)) {
                    object.remove(key);
                    if (warnings != null) {
                        warnings.add(secretRemoved(where, key));
                    }
                } else {
                    removeSecrets(object.get(key), where + " \u203a " + key, warnings);
                }
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode element : node) {
                removeSecrets(element, where, warnings);
            }
        }
    }

    /**
     * The file's JSON with every secret-named field removed at any depth, for the copy kept of a file that
     * needed repairs: the copy keeps what was repaired away, never a secret. Empty if it holds no secret
     * (or is not JSON).
     */
    java.util.Optional<byte[]> withoutSecrets(byte[] content) {
        try {
            JsonNode root = mapper.readTree(content);
            if (!holdsSecrets(root)) {
                return java.util.Optional.empty(); // the copy can be the file as it was, byte for byte
            }
            removeSecrets(root, "", null);
            return java.util.Optional.of(mapper.writeValueAsBytes(root));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Whether the JSON holds a secret-named field anywhere. */
    static boolean holdsSecrets(JsonNode node) {
        if (node instanceof ObjectNode object) {
            java.util.Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (isSecretName(field.getKey()) || holdsSecrets(field.getValue())) {
                    return true;
                }
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode element : node) {
                if (holdsSecrets(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isSecretName(String key) {
        return SECRET_NAME.matcher(key).matches();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
