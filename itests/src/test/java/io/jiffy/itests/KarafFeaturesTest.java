package io.jiffy.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Karaf feature repository the launcher module builds ({@code launcher/target/feature/features.xml})
 * names exactly the Jiffy bundles the launcher exports (every jar of {@code target/export/jiffy} at
 * the repository's version, the third-party runtime having versions of its own), and its core
 * feature brings SCR. Run by Surefire on the plain classpath; the features were installed by hand
 * in Karaf 4.4.10 (README, "Embedding the bundles").
 */
public class KarafFeaturesTest {

    private static final Path LAUNCHER = Path.of("..", "launcher", "target");
    private static final Pattern BUNDLE = Pattern.compile("mvn:io\\.jiffy/([a-z0-9-]+)/(.+)");

    @Test
    public void theFeaturesNameEveryExportedJiffyBundleAtTheProjectVersion() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(LAUNCHER.resolve("feature/features.xml").toFile());
        String version = doc.getDocumentElement().getAttribute("name").replaceFirst("^jiffy-", "");
        assertTrue("the repository is named jiffy-<version>: " + version, version.matches("\\d+\\.\\d+\\.\\d+.*"));

        Set<String> inFeatures = new TreeSet<>();
        List<String> wrongVersion = new ArrayList<>();
        NodeList bundles = doc.getElementsByTagName("bundle");
        for (int i = 0; i < bundles.getLength(); i++) {
            String location = bundles.item(i).getTextContent().strip();
            Matcher m = BUNDLE.matcher(location);
            assertTrue("a Jiffy bundle by Maven coordinates: " + location, m.matches());
            inFeatures.add(m.group(1));
            if (!m.group(2).equals(version)) {
                wrongVersion.add(location);
            }
        }
        assertEquals("bundles not at " + version, List.of(), wrongVersion);

        Set<String> exported = new TreeSet<>();
        String suffix = "-" + version + ".jar";
        try (Stream<Path> jars = Files.list(LAUNCHER.resolve("export/jiffy"))) {
            jars.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                    .forEach(n -> exported.add(n.substring(0, n.length() - suffix.length())));
        }
        assertTrue("the launcher exports the Jiffy bundles: " + exported, exported.size() >= 12);
        assertEquals("the features hold the bundles the launcher exports", exported, inFeatures);

        NodeList features = doc.getElementsByTagName("feature");
        boolean coreHasScr = false;
        for (int i = 0; i < features.getLength(); i++) {
            Element f = (Element) features.item(i);
            if ("jiffy".equals(f.getAttribute("name"))) {
                NodeList deps = f.getElementsByTagName("feature");
                for (int j = 0; j < deps.getLength(); j++) {
                    coreHasScr |= "scr".equals(deps.item(j).getTextContent().strip());
                }
            }
        }
        assertTrue("feature jiffy depends on Karaf's scr feature", coreHasScr);
    }
}
