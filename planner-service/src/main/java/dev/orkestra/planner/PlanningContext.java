package dev.orkestra.planner;

import dev.orkestra.planner.context.RepositorySnapshot;

/**
 * What the planner read for one request: the repository at the base commit and the texts the prompt
 * shows of it. Kept for the request's later runs ({@code RequestCache}).
 */
record PlanningContext(RepositorySnapshot snapshot, String tree, String policyFiles, String contextFiles,
    String retrieved) {}
