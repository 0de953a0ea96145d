using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace PowerDrivers.Emulator.Hmc.Tests.Rest;

/// <summary>A minimal HMC REST client written to the published API, as a real client (pypowervm) uses it.</summary>
internal sealed class HmcClient : IDisposable
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace Uom = "http://www.ibm.com/xmlns/systems/power/firmware/uom/mc/2012_10/";
    public static readonly XNamespace Web = "http://www.ibm.com/xmlns/systems/power/firmware/web/mc/2012_10/";

    public HmcClient(Uri baseAddress, HttpMessageHandler? handler = null)
    {
        Http = new HttpClient(handler ?? new HttpClientHandler(), disposeHandler: true) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("X-Audit-Memento", "tests");
    }

    public HttpClient Http { get; }

    public string? Session { get; private set; }

    public async Task<HttpResponseMessage> LogonAsync(string user = "hscroot", string password = "abc123")
    {
        var body = $"""
            <LogonRequest xmlns="{Web.NamespaceName}" schemaVersion="V1_1_0"><Metadata><Atom/></Metadata><UserID kb="CUR" kxe="false">{user}</UserID><Password kb="CUR" kxe="false">{password}</Password></LogonRequest>
            """;
        var response = await SendAsync(HttpMethod.Put, "rest/api/web/Logon", body, "application/vnd.ibm.powervm.web+xml; type=LogonRequest");
        if (response.IsSuccessStatusCode)
        {
            Session = XElement.Parse(await response.Content.ReadAsStringAsync()).Element(Web + "X-API-Session")!.Value;
            Http.DefaultRequestHeaders.Remove("X-API-Session");
            Http.DefaultRequestHeaders.Add("X-API-Session", Session);
        }

        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(path);

    public async Task<XElement> GetXmlAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return XElement.Parse(text);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, string contentType, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return Http.SendAsync(request);
    }

    public static string Content(XElement entry, string localName) =>
        entry.Element(Atom + "content")!.Elements().First().Elements().First(e => e.Name.LocalName == localName).Value;

    public static XElement Body(XElement entry) => entry.Element(Atom + "content")!.Elements().First();

    public static string LparXml(string name, string units = "0.50", int vps = 1, long memory = 2048, string pool = "0") => $"""
        <LogicalPartition:LogicalPartition xmlns:LogicalPartition="{Uom.NamespaceName}" xmlns="{Uom.NamespaceName}" xmlns:ns2="http://www.w3.org/XML/1998/namespace/k2" schemaVersion="V1_0">
          <Metadata><Atom/></Metadata>
          <PartitionMemoryConfiguration kb="CUD" kxe="false" schemaVersion="V1_0"><Metadata><Atom/></Metadata>
            <DesiredMemory kb="CUD" kxe="false">{memory}</DesiredMemory><MaximumMemory kb="CUD" kxe="false">{memory * 2}</MaximumMemory><MinimumMemory kb="CUD" kxe="false">1024</MinimumMemory>
          </PartitionMemoryConfiguration>
          <PartitionName kb="CUR" kxe="false">{name}</PartitionName>
          <PartitionProcessorConfiguration kb="CUD" kxe="false" schemaVersion="V1_0"><Metadata><Atom/></Metadata>
            <HasDedicatedProcessors kb="CUD" kxe="false">false</HasDedicatedProcessors>
            <SharedProcessorConfiguration kb="CUD" kxe="false" schemaVersion="V1_0"><Metadata><Atom/></Metadata>
              <DesiredProcessingUnits kb="CUD" kxe="false">{units}</DesiredProcessingUnits><DesiredVirtualProcessors kb="CUD" kxe="false">{vps}</DesiredVirtualProcessors>
              <MaximumProcessingUnits kb="CUD" kxe="false">{units}</MaximumProcessingUnits><MaximumVirtualProcessors kb="CUD" kxe="false">{vps}</MaximumVirtualProcessors>
              <MinimumProcessingUnits kb="CUD" kxe="false">0.05</MinimumProcessingUnits><MinimumVirtualProcessors kb="CUD" kxe="false">1</MinimumVirtualProcessors>
              <SharedProcessorPoolID kb="CUD" kxe="false">{pool}</SharedProcessorPoolID><UncappedWeight kb="CUD" kxe="false">64</UncappedWeight>
            </SharedProcessorConfiguration>
            <SharingMode kb="CUD" kxe="false">uncapped</SharingMode>
          </PartitionProcessorConfiguration>
          <PartitionType kb="COD" kxe="false">AIX/Linux</PartitionType>
        </LogicalPartition:LogicalPartition>
        """;

    /// <summary>GETs the job template, adds the parameters, PUTs it, and polls the job (bounded) until it ends.</summary>
    public async Task<XElement> RunJobAsync(string objectPath, string operation, params (string Name, string Value)[] parameters)
    {
        var template = await GetXmlAsync($"{objectPath}/do/{operation}");
        var request = Body(template);
        var jobParameters = request.Element(Web + "JobParameters")!;
        foreach (var (name, value) in parameters)
        {
            jobParameters.Add(new XElement(Web + "JobParameter", new XAttribute("schemaVersion", "V1_0"),
                new XElement(Web + "Metadata", new XElement(Web + "Atom")),
                new XElement(Web + "ParameterName", new XAttribute("kb", "ROR"), new XAttribute("kxe", "false"), name),
                new XElement(Web + "ParameterValue", new XAttribute("kb", "CUR"), new XAttribute("kxe", "false"), value)));
        }

        using var submitted = await SendAsync(HttpMethod.Put, $"{objectPath}/do/{operation}", request.ToString(), "application/vnd.ibm.powervm.web+xml; type=JobRequest");
        var text = await submitted.Content.ReadAsStringAsync();
        Assert.True(submitted.IsSuccessStatusCode, text);
        var jobId = Body(XElement.Parse(text)).Element(Web + "JobID")!.Value;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var job = await GetXmlAsync($"rest/api/uom/jobs/{jobId}");
            var status = Body(job).Element(Web + "Status")!.Value;
            if (status is not ("NOT_STARTED" or "RUNNING"))
            {
                using var deleted = await Http.DeleteAsync($"rest/api/uom/jobs/{jobId}");
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
                return job;
            }

            await Task.Delay(5, timeout.Token);
        }
    }

    public static string JobStatus(XElement job) => Body(job).Element(Web + "Status")!.Value;

    public static string? JobResult(XElement job, string name) =>
        Body(job).Element(Web + "Results")!.Elements(Web + "JobParameter").FirstOrDefault(p => p.Element(Web + "ParameterName")!.Value == name)?.Element(Web + "ParameterValue")!.Value;

    /// <summary>The ETag header as the HMC sends it (an unquoted number, which the typed header parser rejects).</summary>
    public static string RawETag(HttpResponseMessage response) => response.Headers.GetValues("ETag").Single();

    public void Dispose() => Http.Dispose();
}
