package dev.anshin.cardcontrol.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Rules of card control that the issuer tunes. */
@ConfigMapping(prefix = "anshin.card-control")
public interface CardControlConfig {

    /** Reveals of a numberless card's details allowed per card in any rolling hour. */
    @WithDefault("5")
    int revealsPerHour();
}
