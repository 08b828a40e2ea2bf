package io.gputraining.engine.preflight.host;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The parts of {@code nvidia-smi -q -x} a preflight reads: driver and CUDA version, and per GPU the
 * row-remapping state that {@code --query-gpu} has no field for on every driver.
 *
 * @param driverVersion the driver ({@code driver_version}), empty when absent
 * @param cudaVersion   the highest CUDA version the driver supports ({@code cuda_version}), empty when absent
 * @param rowRemapping  per GPU UUID, the row-remapping state; GPUs without row remapping report N/A and are
 *                      present with empty values
 */
public record NvidiaSmiXmlReport(Optional<DriverVersion> driverVersion, Optional<CudaVersion> cudaVersion,
                                 Map<String, RowRemapping> rowRemapping) {

    /**
     * @param pending a remap waits for a GPU reset ({@code remapped_row_pending})
     * @param failure a row could not be remapped ({@code remapped_row_failure})
     */
    public record RowRemapping(Optional<Boolean> pending, Optional<Boolean> failure) {
    }

    public NvidiaSmiXmlReport {
        rowRemapping = Map.copyOf(rowRemapping);
    }

    /** Parses the XML; throws {@link NvidiaSmiOutputException} when it is not {@code nvidia-smi -q -x} output. */
    public static NvidiaSmiXmlReport parse(String xml) {
        Document document = document(xml);
        Element root = document.getDocumentElement();
        if (!root.getTagName().equals("nvidia_smi_log")) {
            throw new NvidiaSmiOutputException("-q -x has no nvidia_smi_log element", xml, null);
        }
        Map<String, RowRemapping> remapping = new HashMap<>();
        for (Element gpu : children(root, "gpu")) {
            child(gpu, "uuid").flatMap(NvidiaSmiValue::text).ifPresent(uuid -> remapping.put(uuid, new RowRemapping(
                    child(gpu, "remapped_rows", "remapped_row_pending").flatMap(NvidiaSmiValue::flag),
                    child(gpu, "remapped_rows", "remapped_row_failure").flatMap(NvidiaSmiValue::flag))));
        }
        return new NvidiaSmiXmlReport(
                child(root, "driver_version").flatMap(v -> NvidiaSmiValue.parsed(v, DriverVersion::parse)),
                child(root, "cuda_version").flatMap(v -> NvidiaSmiValue.parsed(v, CudaVersion::parse)),
                remapping);
    }

    private static Document document(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // The output declares nvsmi_device_v13.dtd, which is not on the agent: never fetch a DTD or entity.
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                // The default handler prints to System.err; the engine never does.
                @Override public void warning(SAXParseException e) { }
                @Override public void error(SAXParseException e) throws SAXException { throw e; }
                @Override public void fatalError(SAXParseException e) throws SAXException { throw e; }
            });
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new NvidiaSmiOutputException("-q -x is not XML: " + e.getMessage(), xml, e);
        }
    }

    private static Optional<String> child(Element parent, String... path) {
        Element current = parent;
        for (String name : path) {
            Optional<Element> next = children(current, name).stream().findFirst();
            if (next.isEmpty()) {
                return Optional.empty();
            }
            current = next.get();
        }
        return Optional.of(current.getTextContent().strip());
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }
}
