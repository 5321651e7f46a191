package dev.anshin.gateway.rest;

/** Contract enum constants as the REST API names them: {@code CARD_STATE_ACTIVE} is {@code ACTIVE}. */
final class ProtoNames {

    private ProtoNames() {
    }

    /** The constant's name without its prefix; {@code UNKNOWN} for a value this gateway does not know yet. */
    static String of(Enum<?> constant, String prefix) {
        String name = constant.name();
        return name.startsWith(prefix) ? name.substring(prefix.length()) : "UNKNOWN";
    }
}
