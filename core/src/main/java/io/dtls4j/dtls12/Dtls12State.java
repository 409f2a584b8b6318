package io.dtls4j.dtls12;

/** A state of one DTLS 1.2 handshake: it acts on the handshake's shared {@link Dtls12Context}. */
abstract class Dtls12State implements State {
    final Dtls12Context context;

    Dtls12State(Dtls12Context context) {
        this.context = context;
    }
}
