// Plans and workloads are drawn from `SeededGenerator`; importing the generator brings it along.
@_exported import RouteSimRandom
