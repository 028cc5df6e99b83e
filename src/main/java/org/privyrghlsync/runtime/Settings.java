package org.privyrghlsync.runtime;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** Reads configuration keys through Camel's properties component, so files, -D and environment all apply. */
final class Settings {

    private final PropertiesComponent properties;

    Settings(CamelContext camelContext) {
        this.properties = camelContext.getPropertiesComponent();
    }

    String text(String key) {
        return properties.resolveProperty(key).map(String::trim).orElse("");
    }

    String required(String key, String hint) {
        String value = text(key);
        if (value.isEmpty()) {
            throw new IllegalStateException("Configuration key " + key + " is empty; " + hint);
        }
        return value;
    }

    int integer(String key) {
        String value = text(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Configuration key " + key + " must be a whole number, got '" + value
                    + "'", e);
        }
    }

    long number(String key) {
        String value = text(key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Configuration key " + key + " must be a whole number, got '" + value
                    + "'", e);
        }
    }

    boolean bool(String key) {
        String value = text(key);
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalStateException("Configuration key " + key + " must be true or false, got '" + value + "'");
    }
}
