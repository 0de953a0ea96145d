namespace PowerDrivers.Backend.PowerKVM.Interop;

/// <summary>A failed libvirt call with libvirt's own error code (<c>virErrorNumber</c>), domain and message.</summary>
public sealed class LibvirtException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LibvirtException(int code, int errorDomain, string message)
        : base(message)
    {
        Code = code;
        ErrorDomain = errorDomain;
    }

    /// <summary>Creates an exception with no libvirt code.</summary>
    public LibvirtException()
        : this(-1, 0, "libvirt call failed")
    {
    }

    /// <summary>Creates an exception with no libvirt code.</summary>
    public LibvirtException(string message)
        : this(-1, 0, message)
    {
    }

    /// <summary>Creates an exception with no libvirt code.</summary>
    public LibvirtException(string message, Exception inner)
        : base(message, inner)
    {
        Code = -1;
    }

    /// <summary><c>virErrorNumber</c> (e.g. 42 = VIR_ERR_NO_DOMAIN, 55 = VIR_ERR_OPERATION_INVALID, 84 = VIR_ERR_OPERATION_UNSUPPORTED).</summary>
    public int Code { get; }

    /// <summary><c>virErrorDomain</c> (which part of libvirt raised it).</summary>
    public int ErrorDomain { get; }
}
