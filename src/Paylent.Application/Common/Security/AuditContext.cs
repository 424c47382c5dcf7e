using Paylent.Domain.Common;

namespace Paylent.Application.Common.Security;

/// <summary>
/// Who is acting and from where, for the audit events of the current request or job. Outside a
/// request it is the system; the web host fills in the request and the signed-in actor.
/// </summary>
public sealed class AuditContext
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    public AuditActor Actor { get; private set; } = AuditActor.System;

    private Func<IReadOnlyDictionary<string, string>>? describeRequest;
    private IReadOnlyDictionary<string, string>? metadata;

    /// <summary>Request facts: <c>ip</c>, <c>user_agent</c>, <c>request_id</c>; gathered when first read.</summary>
    public IReadOnlyDictionary<string, string> Metadata => metadata ??= describeRequest?.Invoke() ?? NoMetadata;

    /// <summary>The actor became known (a session was read, or credentials were just verified).</summary>
    public void IdentifyActor(AuditActor actor) => Actor = actor;

    /// <summary>
    /// How to describe the request, called only if something is audited: most requests (token issuance,
    /// introspection, pages) record no audit event, and should not pay for the description.
    /// </summary>
    public void DescribeRequest(Func<IReadOnlyDictionary<string, string>> describe)
    {
        describeRequest = describe;
        metadata = null;
    }
}
