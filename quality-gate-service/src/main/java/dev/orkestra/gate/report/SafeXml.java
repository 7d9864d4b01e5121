package dev.orkestra.gate.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads a report file written by code the gate ran: the file is untrusted, so no external entity,
 * DTD or schema is ever loaded (JaCoCo and Cobertura reports name a DTD; it is not fetched), and the
 * JDK's limits on entity expansion stay on.
 */
final class SafeXml {

  private SafeXml() {}

  static Document parse(Path file) throws ReportException {
    try (InputStream in = Files.newInputStream(file)) {
      return builder().parse(in);
    } catch (IOException | SAXException e) {
      throw new ReportException(file, "not readable XML: " + e.getMessage());
    }
  }

  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      factory.setValidating(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("this JDK's XML parser cannot be made safe", e);
    }
  }

  /** Child elements of {@code parent} named {@code name}, in order. */
  static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element element && element.getTagName().equals(name)) {
        found.add(element);
      }
    }
    return found;
  }

  /** Every element named {@code name} below {@code root}. */
  static List<Element> all(Element root, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = root.getElementsByTagName(name);
    for (int i = 0; i < nodes.getLength(); i++) {
      found.add((Element) nodes.item(i));
    }
    return found;
  }

  static Integer intAttribute(Element element, String name) {
    String value = element.getAttribute(name);
    if (value.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static long longAttribute(Element element, String name) {
    Integer value = intAttribute(element, name);
    return value == null ? 0 : value;
  }
}
