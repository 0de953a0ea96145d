using PowerDrivers.Backend.PowerKVM.Interop;
using PowerDrivers.Driver.Core.Errors;

namespace PowerDrivers.Backend.PowerKVM.Libvirt;

/// <summary>libvirt error numbers the backend reacts to, and the one mapping from a libvirt error to a typed error.</summary>
internal static class LibvirtErrors
{
    /// <summary>VIR_ERR_INTERNAL_ERROR (the test driver's "Not enough free space in pool").</summary>
    public const int InternalError = 1;
    /// <summary>VIR_ERR_NO_SUPPORT.</summary>
    public const int NoSupport = 3;
    /// <summary>VIR_ERR_NO_CONNECT.</summary>
    public const int NoConnect = 5;
    /// <summary>VIR_ERR_SYSTEM_ERROR.</summary>
    public const int SystemError = 38;
    /// <summary>VIR_ERR_NO_DOMAIN.</summary>
    public const int NoDomain = 42;
    /// <summary>VIR_ERR_NO_STORAGE_POOL.</summary>
    public const int NoStoragePool = 49;
    /// <summary>VIR_ERR_NO_STORAGE_VOL.</summary>
    public const int NoStorageVolume = 50;
    /// <summary>VIR_ERR_OPERATION_INVALID.</summary>
    public const int OperationInvalid = 55;
    /// <summary>VIR_ERR_OPERATION_UNSUPPORTED.</summary>
    public const int OperationUnsupported = 84;

    /// <summary>
    /// The typed error for a failed libvirt call: no such domain → NotFound; a call the connection cannot do →
    /// Unsupported naming the connection; anything else → BackendFailure keeping libvirt's code and message.
    /// </summary>
    public static DriverError ToDriverError(LibvirtException ex, string what, string feature, string uri, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.Code switch
        {
            NoDomain => new NotFoundError("instance", instanceId),
            NoSupport or OperationUnsupported => new UnsupportedError(feature, PowerKvmBackend.BackendKind,
                $"the libvirt connection {uri} cannot {what}: {ex.Message}"),
            _ => new BackendFailureError(PowerKvmBackend.BackendKind, $"libvirt failed to {what}: {ex.Message}",
                $"libvirt:{ex.Code}", ex),
        };
    }
}
