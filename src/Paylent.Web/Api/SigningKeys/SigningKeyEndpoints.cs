using Paylent.Application.Common.Messaging;
using Paylent.Application.OAuth.SigningKeys;
using Paylent.Domain.OAuth;
using Paylent.Web.Api.JsonApi;

namespace Paylent.Web.Api.SigningKeys;

/// <summary><c>/api/signing-keys</c>: the <c>signing_key</c> resource and its rotation actions (seed 001).</summary>
public static class SigningKeyEndpoints
{
    public const string Type = "signing_key";
    public const string Path = "/api/signing-keys";

    private static readonly HashSet<string> Writable = ["algorithm"];

    public static void MapSigningKeys(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/signing-keys");
        keys.MapGet("/", List);
        keys.MapGet("/{id:guid}", Get);
        keys.MapPost("/", Generate);
        keys.MapPatch("/{id:guid}/deactivate", Deactivate);
        keys.MapPatch("/{id:guid}/set-primary", SetPrimary);
    }

    private static async Task<IResult> List(HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document((await dispatcher.Send(new ListSigningKeys(), request.HttpContext.RequestAborted)).Select(k => Resource(request, k)).ToList());

    private static async Task<IResult> Get(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new GetSigningKey(id), request.HttpContext.RequestAborted)));

    private static async Task<IResult> Generate(HttpRequest request, IDispatcher dispatcher)
    {
        // The seed's request carries an empty attributes object; a body is optional but must be a signing_key,
        // whose one writable attribute is the algorithm (RS256 unless it says ES256).
        var algorithm = SigningAlgorithms.Rs256;
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            algorithm = (await ResourceDocument.ReadAsync(request, Type, Writable)).String("algorithm") ?? algorithm;
        }

        var key = await dispatcher.Send(new GenerateSigningKey(algorithm), request.HttpContext.RequestAborted);
        return JsonApiResults.Document(Resource(request, key), StatusCodes.Status201Created, location: $"{JsonApiResults.Origin(request)}{Path}/{key.Id}");
    }

    private static async Task<IResult> Deactivate(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new DeactivateSigningKey(id), request.HttpContext.RequestAborted)));

    private static async Task<IResult> SetPrimary(Guid id, HttpRequest request, IDispatcher dispatcher) =>
        JsonApiResults.Document(Resource(request, await dispatcher.Send(new SetPrimarySigningKey(id), request.HttpContext.RequestAborted)));

    private static Dictionary<string, object?> Resource(HttpRequest request, SigningKeyDto key) =>
        JsonApiResults.Resource(request, Type, key.Id.ToString(), Path, new Dictionary<string, object?>
        {
            ["kid"] = key.Kid,
            ["algorithm"] = key.Algorithm,
            ["status"] = key.Status,
            ["created_at"] = key.CreatedAt,
            ["deactivated_at"] = key.DeactivatedAt,
        });
}
