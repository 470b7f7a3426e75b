// One host and one browser at a time: the timing figures are not measured against a second test class's load.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
