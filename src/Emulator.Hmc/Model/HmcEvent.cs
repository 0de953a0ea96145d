namespace PowerDrivers.Emulator.Hmc.Model;

/// <summary>One entry of the HMC event feed.</summary>
/// <param name="Id">Increasing event ID.</param>
/// <param name="Type">ADD_URI, MODIFY_URI, DELETE_URI, INVALID_URI or NEW_CLIENT.</param>
/// <param name="RelativeUri">The object's path under <c>/rest/api/uom/</c> (empty for NEW_CLIENT).</param>
/// <param name="Detail">Changed properties, e.g. <c>PartitionState,Other</c>, or empty.</param>
public sealed record HmcEvent(long Id, string Type, string RelativeUri, string Detail);
