package dev.blackout.core.image;

import dev.blackout.core.trace.RawNames;

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
    if (name.length() > 255 || RawNames.byteLength(name) > 255) {
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

  /** {@code s} with control characters and bytes that are not UTF-8 escaped, for messages. */
  static String printable(String s) {
    return RawNames.printable(s);
  }
}
