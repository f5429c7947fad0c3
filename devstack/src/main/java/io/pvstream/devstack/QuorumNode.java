package io.pvstream.devstack;

/**
 * One node (broker and controller) of a KRaft quorum on 127.0.0.1.
 *
 * @param nodeId         {@code node.id}
 * @param port           client (PLAINTEXT) port
 * @param controllerPort CONTROLLER listener port
 * @param voters         {@code controller.quorum.voters} of the whole quorum, e.g. {@code 1@127.0.0.1:9093,2@...}
 */
public record QuorumNode(int nodeId, int port, int controllerPort, String voters) {

    /** The only node of a one-node quorum. */
    static QuorumNode single(int port, int controllerPort) {
        return new QuorumNode(1, port, controllerPort, "1@127.0.0.1:" + controllerPort);
    }
}
