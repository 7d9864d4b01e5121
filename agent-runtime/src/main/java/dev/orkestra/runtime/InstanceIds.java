package dev.orkestra.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** Instance ids: host name plus a short random suffix, so two instances on one host never collide. */
public final class InstanceIds {

  private InstanceIds() {}

  /** A new instance id for a process of {@code role} (the role is part of the names built from it). */
  public static String next(String role) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "-");
    } catch (UnknownHostException e) {
      host = "host";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
