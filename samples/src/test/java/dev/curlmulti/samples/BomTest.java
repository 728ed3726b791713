package dev.curlmulti.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * curl-multi-bom has no parent (so users do not import ours), hence its version and its list are
 * kept by hand: this checks it pins every module that is deployed, at the project's version.
 */
class BomTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theBomPinsEveryShippedModuleAtTheProjectVersion() throws Exception {
        Element parent = read(ROOT.resolve("pom.xml"));
        Element bom = read(ROOT.resolve("curl-multi-bom/pom.xml"));
        assertThat(child(bom, "version")).isEqualTo(child(parent, "version"));
        assertThat(bom.getElementsByTagName("parent").getLength())
                .as("the BOM has no parent")
                .isZero();

        List<String> shipped = new ArrayList<>();
        // Every <module>, also those of a profile (the native library is built on Linux x86-64 only).
        NodeList modules = parent.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            String name = modules.item(i).getTextContent().trim();
            Path pom = ROOT.resolve(name).resolve("pom.xml");
            boolean notDeployed = Files.readString(pom).contains("<maven.deploy.skip>true</maven.deploy.skip>");
            if (!name.equals("curl-multi-bom") && !notDeployed) {
                shipped.add(child(read(pom), "artifactId"));
            }
        }
        Map<String, String> pinned = new TreeMap<>();
        Element managed = single(single(bom, "dependencyManagement"), "dependencies");
        for (Element dependency : children(managed, "dependency")) {
            assertThat(child(dependency, "groupId")).isEqualTo("dev.curlmulti");
            pinned.put(child(dependency, "artifactId"), child(dependency, "version"));
        }
        assertThat(pinned.keySet())
                .containsExactlyInAnyOrderElementsOf(shipped)
                .contains(
                        "multi-core",
                        "multi-reactor",
                        "multi-spring",
                        "multi-spring-on-spring7",
                        "multi-native-linux-x86_64");
        assertThat(pinned.values()).allMatch("${project.version}"::equals);
    }

    private static Element read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(pom.toFile())
                .getDocumentElement();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static Element single(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertThat(found).as(name + " in " + parent.getTagName()).hasSize(1);
        return found.get(0);
    }

    private static String child(Element parent, String name) {
        return single(parent, name).getTextContent().trim();
    }
}
