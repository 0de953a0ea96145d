using System.Xml.Linq;
using PowerDrivers.Emulator.Hmc.Jobs;
using PowerDrivers.Emulator.Hmc.Model;
using static PowerDrivers.Emulator.Hmc.Wire.Uom;

namespace PowerDrivers.Emulator.Hmc.Wire;

/// <summary>JobRequest templates, reading a submitted JobRequest, and JobResponse entries (job_*.txt shapes).</summary>
internal static class JobXml
{
    /// <summary>The template a GET of <c>…/do/{operation}</c> returns; the client sends it back with parameters added.</summary>
    public static XElement Template(string group, string operation) =>
        Uom.Entry(Guid.NewGuid().ToString(), "JobRequest", DateTimeOffset.UtcNow, null, null, WebType("JobRequest"),
            Root(Web, "JobRequest", "V1_0", null, 0,
                RequestedOperation(group, operation),
                Group(Web, "JobParameters", "CUR")));

    /// <summary>The parameters of a submitted JobRequest (bare or in an Atom entry), in order.</summary>
    public static List<KeyValuePair<string, string>> ReadParameters(string body)
    {
        var request = PartitionXmlReader.Parse(body, "JobRequest");
        var parameters = request.Descendants().Where(e => e.Name.LocalName == "JobParameter");
        var result = new List<KeyValuePair<string, string>>();
        foreach (var p in parameters)
        {
            var name = p.Elements().FirstOrDefault(e => e.Name.LocalName == "ParameterName")?.Value.Trim();
            var value = p.Elements().FirstOrDefault(e => e.Name.LocalName == "ParameterValue")?.Value.Trim();
            if (string.IsNullOrEmpty(name) || value is null)
            {
                throw new HmcException(Hscl.BadRequest, "Every JobParameter needs a ParameterName and a ParameterValue.");
            }

            result.Add(new(name, value));
        }

        return result;
    }

    public static XElement Response(Job job, LinkBuilder links)
    {
        var status = job.Status;
        var body = Root(Web, "JobResponse", "V1_0", null, 0,
            new XElement(Web + "RequestURL", new XAttribute("kb", "ROR"), new XAttribute("kxe", "false"), new XAttribute("href", job.RequestUrl),
                new XAttribute("rel", "via"), new XAttribute("title", "The URL to which the JobRequest was submitted.")),
            P("TargetUuid", job.Target, "ROR", Web),
            P("JobID", job.Id, "ROR", Web),
            P("TimeStarted", job.TimeStarted, "ROR", Web),
            P("TimeCompleted", job.TimeCompleted, "ROR", Web),
            P("Status", status.ToWire(), "ROR", Web),
            job.ExceptionMessage is null ? null : Group(Web, "ResponseException", "ROR",
                P("Message", job.ExceptionMessage, "ROR", Web),
                P("StackTrace", job.ExceptionMessage, "ROR", Web)),
            Group(Web, "JobRequestInstance", "ROR",
                RequestedOperation(job.Group, job.Operation),
                Group(Web, "JobParameters", "CUR", job.Parameters.Select(Parameter))),
            Group(Web, "Progress", "ROO",
                Group(Web, "CompletedTasks", "ROR", Messages(status))),
            Group(Web, "Results", "ROR", job.Results.Select(Parameter)));
        return Uom.Entry(Guid.NewGuid().ToString(), "JobResponse", DateTimeOffset.UtcNow, links.Uom($"jobs/{job.Id}"), null, WebType("JobResponse"), body);
    }

    private static IEnumerable<XElement> Messages(JobStatus status)
    {
        var done = new List<(string, string)>();
        if (status != JobStatus.NotStarted)
        {
            done.Add(("Started", "STARTED"));
        }

        if (status.IsFinal())
        {
            done.Add((status == JobStatus.CompletedOk ? "Complete" : "Completed with error", "COMPLETE"));
        }

        return done.Select(m => Group(Web, "NLSMessage", null, P("UntranslatedMessage", m.Item1, "ROR", Web), P("MessageKey", m.Item2, "ROR", Web)));
    }

    private static XElement RequestedOperation(string group, string operation) =>
        Group(Web, "RequestedOperation", "CUR",
            P("OperationName", operation, "ROR", Web),
            P("GroupName", group, "ROR", Web));

    private static XElement Parameter(KeyValuePair<string, string> p) =>
        Group(Web, "JobParameter", null,
            P("ParameterName", p.Key, "ROR", Web),
            P("ParameterValue", p.Value, "CUR", Web));
}
