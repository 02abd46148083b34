package dev.holdfast.session;

/** How a session proves who the user is. Secrets are asked for at connect time, never stored. */
public enum AuthMethod {
    PASSWORD("password", "Password"),
    PUBLIC_KEY("public-key", "Public key file"),
    KEYBOARD_INTERACTIVE("keyboard-interactive", "Keyboard-interactive");

    private final String jsonName;
    private final String label;

    AuthMethod(String jsonName, String label) {
        this.jsonName = jsonName;
        this.label = label;
    }

    public String jsonName() {
        return jsonName;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
