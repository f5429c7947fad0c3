package io.pvstream.query.pv;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import org.apache.kafka.streams.state.HostInfo;

import io.javalin.http.Context;
import io.pvstream.query.cluster.PeerCalls;
import io.pvstream.records.cluster.PeerClient.PeerResponse;
import io.pvstream.schemas.avro.PvState;
import io.pvstream.streams.PvStateLookup;
import io.pvstream.records.cluster.PeerClient;
import io.pvstream.query.cluster.OwnerRouting;
import io.pvstream.query.http.ApiException;

/**
 * {@code GET /api/v1/pvs/{name}}: answered by the instance that owns the PV, forwarded there if needed. A PV of the
 * desired set not seen yet is answered "never connected", not 404 ({@link LocalPvViews}).
 */
public final class PvController {

    public static final String PATH = "/api/v1/pvs/{name}";
    private static final int MAX_NAME_LENGTH = 1000;

    private final PvStateLookup lookup;
    private final PeerClient peers;
    private final Function<String, OptionalLong> viewLagMs;

    /** @param viewLagMs how old this instance's view of a PV is ({@code HealthService#viewLagMs}) */
    public PvController(PvStateLookup lookup, PeerClient peers, Function<String, OptionalLong> viewLagMs) {
        this.lookup = lookup;
        this.peers = peers;
        this.viewLagMs = viewLagMs;
    }

    public void getPv(Context ctx) {
        String name = ctx.pathParamAsClass("name", String.class)
                .check(PvController::isPlausibleName, "must be 1 to " + MAX_NAME_LENGTH + " characters, no control characters")
                .get();
        Optional<HostInfo> owner = lookup.ownerOf(name);
        boolean forwarded = ctx.header(PeerClient.FORWARDED_BY) != null;
        switch (OwnerRouting.decide(owner, lookup::isLocal, forwarded)) {
            case LOCAL -> answerFromLocalStore(ctx, name);
            case FORWARD -> relayFromOwner(ctx, owner.orElseThrow(), name);
            case NOT_OWNER -> throw ApiException.unavailable("this instance does not own " + name
                    + " (forwarded by " + ctx.header(PeerClient.FORWARDED_BY) + "; ownership is moving)");
            case OWNER_UNKNOWN -> throw ApiException.unavailable("the instance owning " + name
                    + " is not known now (streams " + lookup.state() + ")");
        }
    }

    private void answerFromLocalStore(Context ctx, String name) {
        // unknown = neither in the desired set nor ever seen
        PvView view = LocalPvViews.one(lookup, name).orElseThrow(() -> ApiException.notFound("unknown PV " + name));
        ctx.header(PeerClient.SERVED_BY, PeerCalls.address(lookup.localHost()));
        OptionalLong lag = viewLagMs.apply(name); // a never-connected answer from a lagging store is stale too
        ctx.json(view.withViewLagMs(lag.isPresent() ? Long.valueOf(lag.getAsLong()) : null));
    }

    private void relayFromOwner(Context ctx, HostInfo owner, String name) {
        PeerResponse response;
        try {
            response = peers.get(owner, pathOf(name)).get();
        } catch (ExecutionException e) {
            // its owner is gone (killed) until the group notices: a standby copy here answers meanwhile
            Optional<PvState> copy = lookup.getFromStandby(name);
            if (copy.isPresent()) {
                ctx.header(PeerClient.SERVED_BY, PeerCalls.address(lookup.localHost()));
                ctx.header(STANDBY_HEADER, "owner " + PeerCalls.address(owner) + " did not answer");
                ctx.json(PvView.of(copy.get()));
                return;
            }
            throw ApiException.unavailable("owner " + PeerCalls.address(owner) + " of " + name + " did not answer: "
                    + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while asking " + PeerCalls.address(owner));
        }
        response.headers().forEach(ctx::header);
        ctx.status(response.status()).contentType(response.contentType()).result(response.body());
    }

    /** Set on an answer read from a standby copy because the owner did not answer: says it may lag a little. */
    public static final String STANDBY_HEADER = "X-Pvstream-Standby";

    /** The public path of one PV, the name encoded as one path segment. */
    public static String pathOf(String name) {
        return "/api/v1/pvs/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }


    private static boolean isPlausibleName(String name) {
        return !name.isBlank() && name.length() <= MAX_NAME_LENGTH && name.chars().noneMatch(Character::isISOControl);
    }
}
