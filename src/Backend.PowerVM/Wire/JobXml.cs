using System.Xml.Linq;

namespace PowerDrivers.Backend.PowerVM.Wire;

/// <summary>A JobResponse as the HMC reports it.</summary>
/// <param name="Id">Job ID.</param>
/// <param name="Status">NOT_STARTED, RUNNING, COMPLETED_OK, COMPLETED_WITH_WARNINGS, COMPLETED_WITH_ERROR, FAILED_BEFORE_COMPLETION.</param>
/// <param name="Results">Result parameters (returnCode, result …).</param>
/// <param name="Exception">ResponseException message, if any.</param>
internal sealed record JobStatusView(string Id, string Status, IReadOnlyDictionary<string, string> Results, string? Exception)
{
    public bool IsFinal => Status is "COMPLETED_OK" or "COMPLETED_WITH_WARNINGS" or "COMPLETED_WITH_ERROR" or "FAILED_BEFORE_COMPLETION";

    public bool Succeeded => Status is "COMPLETED_OK" or "COMPLETED_WITH_WARNINGS";

    /// <summary>The HMC's words for a failed job: the <c>result</c> parameter or the exception message.</summary>
    public string FailureText => Results.TryGetValue("result", out var r) && r.Trim().Length > 0 ? r.Trim()
        : Exception?.Trim() is { Length: > 0 } e ? e : $"job {Id} ended {Status}";
}

/// <summary>JobRequest templates (filled with JobParameters and sent back) and JobResponses.</summary>
internal static class JobXml
{
    public static readonly string RequestType = Uom.WebType("JobRequest");

    /// <summary>The template's JobRequest with <paramref name="parameters"/> added to its JobParameters.</summary>
    public static XElement Fill(string template, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var root = Uom.Parse(template);
        var request = root.Name.LocalName == "JobRequest" ? root : root.Descendants().FirstOrDefault(e => e.Name.LocalName == "JobRequest")
            ?? throw new FormatException("the job template carries no JobRequest");
        request = new XElement(request);
        var ns = request.Name.Namespace;
        var list = request.Child("JobParameters");
        if (list is null)
        {
            list = new XElement(ns + "JobParameters", new XAttribute("kb", "CUR"), new XAttribute("kxe", "false"), new XAttribute("schemaVersion", "V1_0"),
                new XElement(ns + "Metadata", new XElement(ns + "Atom")));
            request.Add(list);
        }

        foreach (var (name, value) in parameters)
        {
            list.Add(new XElement(ns + "JobParameter", new XAttribute("schemaVersion", "V1_0"),
                new XElement(ns + "Metadata", new XElement(ns + "Atom")),
                Uom.P("ParameterName", name, "ROR", ns),
                Uom.P("ParameterValue", value, "CUR", ns)));
        }

        return request;
    }

    /// <summary>Reads a JobResponse (entry or bare).</summary>
    public static JobStatusView Read(string body)
    {
        var root = Uom.Parse(body);
        var job = root.Name.LocalName == "JobResponse" ? root : root.Descendants().FirstOrDefault(e => e.Name.LocalName == "JobResponse")
            ?? throw new FormatException("the body carries no JobResponse");
        var results = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in job.Child("Results")?.Elements().Where(e => e.Name.LocalName == "JobParameter") ?? [])
        {
            if (p.Str("ParameterName") is { } name)
            {
                results[name] = p.Child("ParameterValue")?.Value ?? "";
            }
        }

        return new JobStatusView(job.Str("JobID") ?? "", job.Str("Status") ?? "", results, job.Child("ResponseException").Str("Message"));
    }
}
