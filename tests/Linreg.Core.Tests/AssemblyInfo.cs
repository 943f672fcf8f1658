// libtorch keeps global state (the default generator, thread pools): tests touching it must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
