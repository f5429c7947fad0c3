package io.pvstream.query.ws;

import java.util.List;

import io.pvstream.records.restore.JobView;

/**
 * The current progress of restore jobs a client subscribes to, from whichever instances own them. Blocking (it may
 * ask other instances over HTTP): callers run it on an executor of their own.
 */
public interface JobLoader {

    /**
     * @param jobIds job ids (never {@code *})
     * @return the progress of each known job; unknown ids are left out
     * @throws RuntimeException when the stores cannot answer now (rebalancing, an instance down)
     */
    List<JobView> load(List<String> jobIds);
}
