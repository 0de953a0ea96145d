namespace PowerDrivers.Hardware.Power8;

/// <summary>Kind of a PCIe adapter card (YAML <c>ethernet</c>, <c>fibre-channel</c>, <c>sas</c>).</summary>
public enum AdapterKind
{
    /// <summary>Ethernet network adapter.</summary>
    Ethernet,

    /// <summary>Fibre Channel host bus adapter (may support NPIV).</summary>
    FibreChannel,

    /// <summary>SAS storage controller.</summary>
    Sas,
}
