package dev.blackout.core.image;

/** The checks every name from a trace or an image passes before it is used. */
final class Names {
  private Names() {}

  /** Why {@code name} cannot be a directory entry, or null when it can. */
  static String problem(String name) {
    if (name == null) {
      return "missing name";
    }
    if (name.isEmpty()) {
      return "empty name";
    }
    if (name.equals(".") || name.equals("..")) {
      return "name '" + name + "' is reserved";
    }
    if (name.indexOf('/') >= 0) {
      return "name '" + printable(name) + "' contains '/'";
    }
    if (name.indexOf('\0') >= 0) {
      return "name '" + printable(name) + "' contains NUL";
    }
    if (name.length() > 255 || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
      return "name '" + printable(name.substring(0, 40)) + "...' is longer than 255 bytes";
    }
    return null;
  }

  /** Throws {@link ImageException} when {@code name} cannot be an entry name. */
  static String check(String name) {
    String p = problem(name);
    if (p != null) {
      throw new ImageException(p);
    }
    return name;
  }

  /** {@code s} with control characters escaped, for one-line messages. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
