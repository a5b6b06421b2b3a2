/// The version `parcours --version` prints and the service reports.
public enum ParcoursVersion {
    public static let current = "0.11.0"
}
