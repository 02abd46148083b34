package dev.holdfast.ui;

/** The app's version: from the jar manifest when packaged, else from the build's version file. */
public final class Version {
    private Version() {
    }

    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        try (java.io.InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                java.util.Properties built = new java.util.Properties();
                built.load(in);
                String value = built.getProperty("version", "");
                if (!value.isBlank() && !value.startsWith("$")) {
                    return value;
                }
            }
        } catch (java.io.IOException e) {
            // fall through: an unreadable file says no more than a missing one
        }
        return "development build";
    }
}
