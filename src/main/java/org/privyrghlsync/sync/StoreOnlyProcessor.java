package org.privyrghlsync.sync;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.privyrghlsync.events.EventEnvelope;
import org.privyrghlsync.store.Outcome;

/** Records task and note events as stored: this version validates and keeps them but does not sync them to GHL. */
public final class StoreOnlyProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        EventEnvelope event = exchange.getMessage().getBody(EventEnvelope.class);
        exchange.setProperty(SyncResult.PROPERTY, new SyncResult(Outcome.STORED, null,
                event.eventType() + " is stored; syncing it to GHL is not supported by this version"));
    }
}
