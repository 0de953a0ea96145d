namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>Receives the changes of the model, as the HMC event feed reports them.</summary>
internal interface IEventSink
{
    /// <summary>
    /// Records one change: <paramref name="type"/> is ADD_URI / MODIFY_URI / DELETE_URI / INVALID_URI,
    /// <paramref name="relativeUri"/> is the object's path under <c>/rest/api/uom/</c>, <paramref name="detail"/> the
    /// changed properties (e.g. <c>PartitionState,Other</c>) or empty.
    /// </summary>
    void Publish(string type, string relativeUri, string detail);
}
