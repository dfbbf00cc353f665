package dev.slimfit.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.stereotype.Component;

/** This worker's name in leases and events. */
@Component
class WorkerIdentity {

    private final String id;

    WorkerIdentity(WorkerProperties properties) {
        this.id = properties.workerId().isEmpty() ? hostname() + "-" + ProcessHandle.current().pid()
                : properties.workerId();
    }

    String id() {
        return id;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker";
        }
    }
}
