package dev.blackout.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Old and current releases side by side: each isolated library loads its own classes. */
class IsolatedLibraryTest {

  @Test
  void hsqldb23IsNotTheCatalogsHsqldb() throws Exception {
    ClassLoader l = IsolatedLibrary.HSQLDB_2_3.sharedLoader();
    Class<?> props = Class.forName("org.hsqldb.persist.HsqlDatabaseProperties", true, l);
    assertEquals("2.3.2", props.getField("THIS_VERSION").get(null));
    assertEquals("2.7.4", org.hsqldb.persist.HsqlDatabaseProperties.THIS_VERSION);
    assertSame(l, IsolatedLibrary.HSQLDB_2_3.sharedLoader());
  }

  @Test
  void eachZooKeeperLoadsItsOwnRelease() throws Exception {
    for (IsolatedLibrary lib : new IsolatedLibrary[] {
        IsolatedLibrary.ZOOKEEPER_3_4, IsolatedLibrary.ZOOKEEPER_3_9}) {
      ClassLoader l = lib.newLoader();
      Class<?> v = Class.forName("org.apache.zookeeper.Version", true, l);
      String full = (String) v.getMethod("getFullVersion").invoke(null);
      assertEquals(lib.version(), full.split("[- ]")[0], full);
      assertNotSame(l, lib.newLoader());
    }
  }
}
