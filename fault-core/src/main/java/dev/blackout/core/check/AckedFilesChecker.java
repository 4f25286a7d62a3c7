package dev.blackout.core.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Built-in checker "every acknowledged file exists with the content it had when acknowledged"
 * (design.md section 6). It needs no user code: the workload states what it promised in its
 * markers, with this convention (see {@code docs/checkers.md}):
 *
 * <ul>
 *   <li>{@code file PATH sha256=HEX} — from here on, PATH (relative to the state) holds exactly
 *       this content;
 *   <li>{@code file PATH absent} — from here on, PATH does not exist;
 *   <li>{@code intent PATH sha256=HEX} / {@code intent PATH absent} — an update of an already
 *       acknowledged PATH has begun: until the next {@code file} marker for PATH, this version is
 *       accepted as well as the acknowledged one.
 * </ul>
 *
 * <p>Other markers are ignored. PATH may contain spaces; it must be relative, without {@code ..}. A
 * {@code file} marker only adds or narrows obligations; an {@code intent} marker keeps the checker
 * monotone in acknowledgements as long as it is issued before the first operation of the update it
 * announces (no earlier crash state can then hold the new version).
 */
public final class AckedFilesChecker implements Checker {

  private static final String ABSENT = "absent";
  private static final String SHA = "sha256=";

  public AckedFilesChecker() {}

  /** The marker acknowledging that {@code path} now holds {@code content}. */
  public static String fileMarker(String path, byte[] content) {
    return "file " + path + " " + SHA + sha256(content);
  }

  /** The marker acknowledging that {@code path} no longer exists. */
  public static String absentMarker(String path) {
    return "file " + path + " " + ABSENT;
  }

  /** The marker announcing that {@code path} is about to be replaced by {@code content}. */
  public static String intentMarker(String path, byte[] content) {
    return "intent " + path + " " + SHA + sha256(content);
  }

  @Override
  public CheckResult check(CheckRequest request) throws IOException {
    return check(request.acked(), path -> actual(request.state(), path));
  }

  /** What a state holds at a path: {@code absent}, {@code not a regular file (...)} or the SHA-256. */
  @FunctionalInterface
  public interface StateLookup {
    String actual(String path) throws IOException;
  }

  /**
   * The same check over any view of a state (calibration projects states onto their files):
   * {@code lookup} answers for each acknowledged path.
   */
  public static CheckResult check(List<String> acked, StateLookup lookup) throws IOException {
    Map<String, Obligation> obligations = new TreeMap<>();
    for (int i = 0; i < acked.size(); i++) {
      String marker = acked.get(i);
      Parsed m = parse(marker);
      if (m == null) {
        continue;
      }
      if (m.problem != null) {
        return CheckResult.error(
            "marker #"
                + (i + 1)
                + " '"
                + marker
                + "' "
                + m.problem
                + " (expected 'file PATH sha256=HEX' or 'file PATH absent')");
      }
      if (m.isFile) {
        obligations.put(m.path, new Obligation(i + 1, m.expected));
      } else if (obligations.containsKey(m.path)) {
        obligations.get(m.path).accepted.add(m.expected);
      }
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Obligation> e : obligations.entrySet()) {
      String found = lookup.actual(e.getKey());
      Obligation obligation = e.getValue();
      if (!obligation.accepted.contains(found)) {
        problems.add(describe(e.getKey(), obligation, found));
      }
    }
    if (problems.isEmpty()) {
      return CheckResult.pass();
    }
    return CheckResult.fail(String.join("\n", problems));
  }

  /**
   * Every version ({@code absent} or a SHA-256) the valid {@code file} and {@code intent} markers
   * of {@code acked} name, per path: what a state may hold without being neither old nor new.
   */
  public static Map<String, Set<String>> versions(List<String> acked) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (String marker : acked) {
      Parsed m = parse(marker);
      if (m != null && m.problem == null) {
        out.computeIfAbsent(m.path, k -> new LinkedHashSet<>()).add(m.expected);
      }
    }
    return out;
  }

  private record Parsed(boolean isFile, String path, String expected, String problem) {}

  /** The marker as a file/intent marker, or null for other markers. */
  private static Parsed parse(String marker) {
    boolean isFile = marker.startsWith("file ");
    if (!isFile && !marker.startsWith("intent ")) {
      return null;
    }
    String rest = marker.substring(marker.indexOf(' ') + 1);
    int space = rest.lastIndexOf(' ');
    String path = space < 0 ? rest : normalize(rest.substring(0, space));
    String version = space < 0 ? "" : rest.substring(space + 1);
    String problem =
        space < 0 ? "has no 'sha256=HEX' or 'absent' after the path" : validate(path, version);
    if (problem != null) {
      return new Parsed(isFile, path, "", problem);
    }
    String expected = version.equals(ABSENT) ? ABSENT : version.substring(SHA.length());
    return new Parsed(isFile, path, expected, null);
  }

  private static String describe(String path, Obligation obligation, String found) {
    String by = " (acknowledged by marker #" + obligation.markerNumber + ")";
    if (found.equals(ABSENT)) {
      return "acknowledged file '" + path + "' is missing" + by;
    }
    if (obligation.accepted.equals(Set.of(ABSENT))) {
      return "'" + path + "' exists but its deletion was acknowledged" + by;
    }
    if (found.startsWith("not a regular file")) {
      return "acknowledged file '" + path + "' is " + found + by;
    }
    return "acknowledged file '"
        + path
        + "' has other content: sha256 "
        + found
        + ", expected "
        + String.join(" or ", obligation.accepted)
        + by;
  }

  /** "absent", "not a regular file (...)", or the content's sha256. */
  private static String actual(Path state, String path) throws IOException {
    Path file = state;
    String[] parts = path.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      file = file.resolve(parts[i]);
      if (Files.isSymbolicLink(file)) {
        return "not a regular file (reached through the symbolic link '"
            + state.relativize(file)
            + "')";
      }
    }
    file = state.resolve(path);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return ABSENT;
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      String kind =
          Files.isSymbolicLink(file)
              ? "a symbolic link"
              : Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? "a directory" : "special";
      return "not a regular file (" + kind + ")";
    }
    return StateDigest.sha256(file);
  }

  /** {@code ./a//b} and {@code a/b} name the same file: drop empty and {@code .} components. */
  private static String normalize(String path) {
    if (path.startsWith("/")) {
      return path; // refused by validate
    }
    StringBuilder normal = new StringBuilder();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      normal.append(normal.length() == 0 ? "" : "/").append(part);
    }
    return normal.toString();
  }

  private static String validate(String path, String version) {
    if (path.isEmpty()) {
      return "names no path";
    }
    if (path.startsWith("/") || path.indexOf('\0') >= 0) {
      return "has a path that is not relative to the state";
    }
    for (String part : path.split("/", -1)) {
      if (part.equals("..")) {
        return "has a path leaving the state ('..')";
      }
    }
    if (version.equals(ABSENT)) {
      return null;
    }
    if (!version.startsWith(SHA)
        || version.length() != SHA.length() + 64
        || !version.substring(SHA.length()).chars().allMatch(c -> Character.digit(c, 16) >= 0)
        || !version.equals(version.toLowerCase(java.util.Locale.ROOT))) {
      return "has no valid 'sha256=' followed by 64 lowercase hex digits";
    }
    return null;
  }

  static String sha256(byte[] content) {
    return HexFormat.of().formatHex(StateDigest.newSha256().digest(content));
  }

  static String sha256(String content) {
    return sha256(content.getBytes(StandardCharsets.UTF_8));
  }

  private static final class Obligation {
    final int markerNumber;
    final Set<String> accepted = new LinkedHashSet<>();

    Obligation(int markerNumber, String expected) {
      this.markerNumber = markerNumber;
      accepted.add(expected);
    }
  }
}
