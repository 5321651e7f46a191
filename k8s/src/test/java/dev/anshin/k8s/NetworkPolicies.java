package dev.anshin.k8s;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * What a set of NetworkPolicies allows, by Kubernetes' rules: a connection needs the egress of the pod that opens it
 * (when a policy with Egress selects that pod) and the ingress of the pod it reaches (when a policy with Ingress
 * selects it); a rule allows a peer it matches on a port it lists (no ports: every port). Policies are namespaced: a
 * podSelector alone matches pods of the policy's namespace.
 */
final class NetworkPolicies {

    /**
     * One end of a connection: a pod (namespace, its labels, its namespace's labels) or an address outside the cluster
     * (ip only).
     */
    record Endpoint(String namespace, Map<String, String> labels, Map<String, String> namespaceLabels, String ip) {

        static Endpoint pod(String namespace, Map<String, String> labels) {
            return new Endpoint(namespace, labels, Map.of("kubernetes.io/metadata.name", namespace), null);
        }

        static Endpoint address(String ip) {
            return new Endpoint(null, Map.of(), Map.of(), ip);
        }

        boolean isPod() {
            return namespace != null;
        }
    }

    private final List<NetworkPolicy> policies;

    NetworkPolicies(List<NetworkPolicy> policies) {
        this.policies = policies;
    }

    /** Whether {@code from} may open a connection to {@code to} on this port and protocol. */
    boolean allows(Endpoint from, Endpoint to, int port, String protocol) {
        return egressAllows(from, to, port, protocol) && ingressAllows(from, to, port, protocol);
    }

    boolean allows(Endpoint from, Endpoint to, int port) {
        return allows(from, to, port, "TCP");
    }

    /** Whether the egress of {@code from} lets it reach {@code to} on any port (ports ignored: for "never" rules). */
    boolean egressAllowsOnSomePort(Endpoint from, Endpoint to) {
        return !from.isPod() || selecting(from, "Egress").isEmpty()
                || selecting(from, "Egress").stream().flatMap(p -> p.getSpec().getEgress().stream())
                        .anyMatch(rule -> peersMatch(rule.getTo(), to, from.namespace()));
    }

    /** Whether {@code from} may reach {@code to} on any port at all (ports ignored: for "never" rules). */
    boolean allowsOnSomePort(Endpoint from, Endpoint to) {
        boolean egress = !from.isPod() || selecting(from, "Egress").isEmpty()
                || selecting(from, "Egress").stream().flatMap(p -> p.getSpec().getEgress().stream())
                        .anyMatch(rule -> peersMatch(rule.getTo(), to, from.namespace()));
        boolean ingress = !to.isPod() || selecting(to, "Ingress").isEmpty()
                || selecting(to, "Ingress").stream().flatMap(p -> p.getSpec().getIngress().stream())
                        .anyMatch(rule -> peersMatch(rule.getFrom(), from, to.namespace()));
        return egress && ingress;
    }

    boolean egressAllows(Endpoint from, Endpoint to, int port, String protocol) {
        if (!from.isPod()) {
            return true;
        }
        List<NetworkPolicy> selecting = selecting(from, "Egress");
        return selecting.isEmpty() || selecting.stream().flatMap(p -> p.getSpec().getEgress().stream())
                .anyMatch(rule -> peersMatch(rule.getTo(), to, from.namespace()) && portsMatch(rule.getPorts(), port, protocol));
    }

    boolean ingressAllows(Endpoint from, Endpoint to, int port, String protocol) {
        if (!to.isPod()) {
            return true;
        }
        List<NetworkPolicy> selecting = selecting(to, "Ingress");
        return selecting.isEmpty() || selecting.stream().flatMap(p -> p.getSpec().getIngress().stream())
                .anyMatch(rule -> peersMatch(rule.getFrom(), from, to.namespace()) && portsMatch(rule.getPorts(), port, protocol));
    }

    /** The policies that select this pod and restrict this direction. */
    List<NetworkPolicy> selecting(Endpoint pod, String direction) {
        if (!pod.isPod()) {
            return List.of();
        }
        return policies.stream()
                .filter(p -> Objects.equals(namespaceOf(p), pod.namespace()))
                .filter(p -> matches(p.getSpec().getPodSelector(), pod.labels()))
                .filter(p -> p.getSpec().getPolicyTypes().contains(direction))
                .toList();
    }

    private static String namespaceOf(NetworkPolicy policy) {
        return policy.getMetadata().getNamespace() != null ? policy.getMetadata().getNamespace() : Chart.NAMESPACE;
    }

    /** No peers listed: everyone. */
    private static boolean peersMatch(List<NetworkPolicyPeer> peers, Endpoint endpoint, String policyNamespace) {
        return peers == null || peers.isEmpty() || peers.stream().anyMatch(peer -> peerMatches(peer, endpoint, policyNamespace));
    }

    static boolean peerMatches(NetworkPolicyPeer peer, Endpoint endpoint, String policyNamespace) {
        if (peer.getIpBlock() != null) {
            return endpoint.ip() != null && inBlock(endpoint.ip(), peer.getIpBlock());
        }
        if (!endpoint.isPod()) {
            return false;
        }
        boolean namespaceMatches = peer.getNamespaceSelector() == null
                ? endpoint.namespace().equals(policyNamespace)
                : matches(peer.getNamespaceSelector(), endpoint.namespaceLabels());
        boolean podMatches = peer.getPodSelector() == null || matches(peer.getPodSelector(), endpoint.labels());
        return namespaceMatches && podMatches;
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort rulePort : ports) {
            String ruleProtocol = rulePort.getProtocol() == null ? "TCP" : rulePort.getProtocol();
            if (!ruleProtocol.equals(protocol)) {
                continue;
            }
            IntOrString value = rulePort.getPort();
            if (value == null) {
                return true;
            }
            if (value.getIntVal() == null) {
                throw new AssertionError("the chart's policies name ports by number; found " + value.getStrVal());
            }
            int last = rulePort.getEndPort() != null ? rulePort.getEndPort() : value.getIntVal();
            if (port >= value.getIntVal() && port <= last) {
                return true;
            }
        }
        return false;
    }

    /** An empty selector matches everything; matchLabels and matchExpressions must all hold. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> label : selector.getMatchLabels().entrySet()) {
                if (!label.getValue().equals(labels.get(label.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = labels.get(requirement.getKey());
                boolean holds = switch (requirement.getOperator()) {
                    case "In" -> value != null && requirement.getValues().contains(value);
                    case "NotIn" -> value == null || !requirement.getValues().contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new AssertionError("unknown operator " + requirement.getOperator());
                };
                if (!holds) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean inBlock(String ip, IPBlock block) {
        if (!inCidr(ip, block.getCidr())) {
            return false;
        }
        return block.getExcept() == null || block.getExcept().stream().noneMatch(except -> inCidr(ip, except));
    }

    /** IPv4 only: the chart's tests use IPv4 addresses. */
    static boolean inCidr(String ip, String cidr) {
        String[] parts = cidr.split("/");
        if (parts[0].contains(":") || ip.contains(":")) {
            return false;
        }
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (toLong(ip) & mask) == (toLong(parts[0]) & mask);
    }

    private static long toLong(String ip) {
        long value = 0;
        for (String octet : ip.split("\\.")) {
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }
}
