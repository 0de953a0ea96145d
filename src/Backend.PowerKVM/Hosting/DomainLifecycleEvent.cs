namespace PowerDrivers.Backend.PowerKVM.Hosting;

/// <summary>One domain lifecycle event as libvirt delivered it (<c>virDomainEventType</c> and its detail code).</summary>
/// <param name="Uuid">Domain UUID.</param>
/// <param name="Kind">0 defined, 1 undefined, 2 started, 3 suspended, 4 resumed, 5 stopped, 6 shutdown, 7 pmsuspended, 8 crashed.</param>
/// <param name="Detail">The detail code of the kind.</param>
/// <param name="Received">When the event loop thread delivered it.</param>
public sealed record DomainLifecycleEvent(string Uuid, int Kind, int Detail, DateTimeOffset Received);
