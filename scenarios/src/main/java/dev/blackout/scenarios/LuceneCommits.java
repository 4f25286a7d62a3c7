package dev.blackout.scenarios;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Lucene 9: an {@link IndexWriter} adds one document per commit and acknowledges each {@code
 * commit()}; the checker reopens the index ({@link DirectoryReader}, Lucene's own recovery picks
 * the last complete {@code segments_N}), runs {@link CheckIndex}, and requires documents 1..n with
 * n at least the last acknowledged commit. Lucene fsyncs every new file and the directory on
 * commit.
 */
public final class LuceneCommits implements Scenario {
  static final int COMMITS = 3;
  static final String DIR = "index";
  static final String ACK = "ack commit ";

  @Override
  public String title() {
    return "Lucene 9 IndexWriter: " + COMMITS + " acknowledged commits, reopened by"
        + " DirectoryReader + CheckIndex";
  }

  @Override
  public boolean seed() {
    return false;
  }

  @Override
  public void setup(Path dir) throws IOException {
    try (Directory d = FSDirectory.open(dir.resolve(DIR));
        IndexWriter w = new IndexWriter(d, new IndexWriterConfig())) {
      w.commit(); // an empty index to start from
    }
  }

  @Override
  public void run(String role, Path dir, Acks acks) throws Exception {
    try (Directory d = FSDirectory.open(dir.resolve(DIR));
        IndexWriter w = new IndexWriter(d, new IndexWriterConfig().setUseCompoundFile(true))) {
      for (int i = 1; i <= COMMITS; i++) {
        Document doc = new Document();
        doc.add(new StringField("id", Integer.toString(i), Field.Store.YES));
        doc.add(new StoredField("body", "document " + i + " " + "w".repeat(200)));
        w.addDocument(doc);
        w.commit();
        acks.ack(ACK + i);
      }
    }
  }

  @Override
  public String check(Path state, List<String> acked) throws Exception {
    int promised = 0;
    for (String a : acked) {
      if (a.startsWith(ACK)) {
        promised = Math.max(promised, Integer.parseInt(a.substring(ACK.length())));
      }
    }
    try (Directory d = FSDirectory.open(state.resolve(DIR))) {
      int n;
      try (DirectoryReader r = DirectoryReader.open(d)) {
        n = r.numDocs();
        StoredFields fields = r.storedFields();
        boolean[] seen = new boolean[n + 1];
        for (int doc = 0; doc < r.maxDoc(); doc++) {
          int id = Integer.parseInt(fields.document(doc).get("id"));
          if (id < 1 || id > n || seen[id]) {
            return "the index is not whole: document " + id + " among " + n + " documents";
          }
          seen[id] = true;
        }
      }
      try (CheckIndex ci = new CheckIndex(d)) {
        CheckIndex.Status st = ci.checkIndex();
        if (!st.clean) {
          return "CheckIndex found a damaged index (" + st.numBadSegments + " bad segments)";
        }
      }
      if (n < promised) {
        return "commit " + promised + " was acknowledged but the index holds " + n + " documents";
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return "the index does not open: " + SqlLedger.oneLine(e);
    }
  }

  @Override
  public Map<String, Expectation> expectations() {
    return Expectations.row("Lucene IndexWriter.commit javadoc (fsync of files and directory)",
        "ok", "ok", "ok", "ok").build();
  }
}
