using Paylent.Application.Common.Messaging;
using Paylent.Application.Domains;
using Paylent.Web.Api.JsonApi;

namespace Paylent.Web.Api.Domains;

/// <summary>
/// <c>/api/domains</c>: the <c>domain</c> resource, a custom host name of the environment. The host
/// name is set once, on create; <c>POST /api/domains/{id}/verify</c> looks at its DNS records now and
/// answers the domain as it is afterwards; <c>POST /api/domains/{id}/renew</c> queues a new certificate
/// order and answers 202 with the domain, its <c>renew_after</c> now (docs/domains.md).
/// </summary>
public static class DomainEndpoints
{
    public const string Type = "domain";
    public const string Path = "/api/domains";

    private static readonly HashSet<string> Writable = ["hostname"];

    public static void MapDomains(this RouteGroupBuilder api)
    {
        var domains = api.MapGroup("/domains");
        domains.MapGet("/", List);
        domains.MapGet("/{id:guid}", Get);
        domains.MapPost("/", Create);
        domains.MapDelete("/{id:guid}", Delete);
        domains.MapPost("/{id:guid}/verify", Verify);
        domains.MapPost("/{id:guid}/renew", Renew);
    }

    private static async Task<IResult> List(HttpRequest request, IDispatcher dispatcher)
    {
        var query = new ListDomains(QueryFilters.Read(request, "state"), QueryFilters.Read(request, "search"), Paging.Read(request));
        var page = await dispatcher.Send(query, request.HttpContext.RequestAborted);
        return JsonApiResults.Document(page.Items.Select(d => Resource(request, d)).ToList(), links: Paging.Links(request, page));
    }

    private static async Task<IResult> Get(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new GetDomain(id), request.HttpContext.RequestAborted)));

    private static async Task<IResult> Create(HttpRequest request, IDispatcher dispatcher)
    {
        var document = await ResourceDocument.ReadAsync(request, Type, Writable);
        var created = await dispatcher.Send(new CreateDomain(document.String("hostname") ?? string.Empty), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(Resource(request, created), StatusCodes.Status201Created, location: $"{JsonApiResults.Origin(request)}{Path}/{created.Id}");
    }

    private static async Task<IResult> Delete(Guid id, HttpRequest request, IDispatcher dispatcher)
    {
        await dispatcher.Send(new DeleteDomain(id), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(null, StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> Verify(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new VerifyDomain(id), request.HttpContext.RequestAborted)));

    private static async Task<IResult> Renew(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new RenewDomain(id), request.HttpContext.RequestAborted)), StatusCodes.Status202Accepted);

    public static Dictionary<string, object?> Resource(HttpRequest request, DomainDto domain) =>
        JsonApiResults.Resource(request, Type, domain.Id.ToString(), Path, new Dictionary<string, object?>
        {
            ["hostname"] = domain.Hostname,
            ["hostname_unicode"] = domain.HostnameUnicode,
            ["state"] = domain.State,
            ["verification_value"] = domain.VerificationValue,
            ["dns_records"] = domain.DnsRecords.Select(r => new Dictionary<string, string> { ["type"] = r.Type, ["name"] = r.Name, ["value"] = r.Value }).ToList(),
            ["last_error"] = domain.LastError,
            ["last_checked_at"] = domain.LastCheckedAt,
            ["verified_at"] = domain.VerifiedAt,
            ["certificate_status"] = domain.CertificateStatus,
            ["certificate_issuer"] = domain.CertificateIssuer,
            ["certificate_serial"] = domain.CertificateSerial,
            ["certificate_not_before"] = domain.CertificateNotBefore,
            ["certificate_not_after"] = domain.CertificateNotAfter,
            ["renew_after"] = domain.RenewAfter,
            ["created_at"] = domain.CreatedAt,
            ["updated_at"] = domain.UpdatedAt,
        });
}
