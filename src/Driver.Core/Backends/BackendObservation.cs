using PowerDrivers.Driver.Core.Model;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Driver.Core.Backends;

/// <summary>What the platform says about an instance after a call (or at reconcile time).</summary>
/// <param name="State">Canonical state, from the backend's native-state table.</param>
/// <param name="NativeState">The platform's own word.</param>
/// <param name="NativeId">Platform id.</param>
/// <param name="Allocation">What is granted now.</param>
public sealed record BackendObservation(InstanceState State, string NativeState, string NativeId, Allocation Allocation);
