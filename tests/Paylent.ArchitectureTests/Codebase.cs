using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;
using Paylent.Application.Common.Messaging;
using Paylent.Domain.Common;
using Paylent.Infrastructure.Persistence;
using Paylent.Web.Hosting;

namespace Paylent.ArchitectureTests;

/// <summary>
/// A layered, modular codebase as the rules see it: where each layer's types live and which modules
/// it has. The rules run on Paylent, and on the rule breakers in <c>Fixtures/</c> to prove they bite.
/// </summary>
public sealed record Codebase(Layer Domain, Layer Application, Layer Infrastructure, Layer Web, IReadOnlyList<string> Modules)
{
    /// <summary>The building blocks every module may use.</summary>
    public const string Shared = "Common";

    public static Codebase Paylent { get; } = new(
        Layer.Assembly(typeof(Entity), "Paylent.Domain"),
        Layer.Assembly(typeof(IDispatcher), "Paylent.Application"),
        Layer.Assembly(typeof(PaylentDbContext), "Paylent.Infrastructure"),
        Layer.Assembly(typeof(HostKind), "Paylent.Web"),
        ["Tenancy", "Identity", "OAuth", "Access", "Organizations", "Audit", "Email", "Domains"]);

    public static Codebase RuleBreakers { get; } = new(
        Layer.Namespace(typeof(Codebase), "Paylent.ArchitectureTests.Fixtures.Domain"),
        Layer.Namespace(typeof(Codebase), "Paylent.ArchitectureTests.Fixtures.Application"),
        Layer.Namespace(typeof(Codebase), "Paylent.ArchitectureTests.Fixtures.Infrastructure"),
        Layer.Namespace(typeof(Codebase), "Paylent.ArchitectureTests.Fixtures.Web"),
        ["Sales", "Billing"]);
}

/// <summary>
/// One layer: its root namespace, and either its whole assembly (Paylent's layers: the web host's
/// compiled views and entry point live outside <c>Paylent.Web</c>) or only that namespace (the
/// fixtures, which share the test assembly).
/// </summary>
public sealed class Layer
{
    private readonly System.Reflection.Assembly _assembly;
    private readonly bool _wholeAssembly;

    private Layer(System.Reflection.Assembly assembly, string root, bool wholeAssembly)
    {
        _assembly = assembly;
        Root = root;
        _wholeAssembly = wholeAssembly;
    }

    public string Root { get; }

    public static Layer Assembly(Type anyType, string root) => new(anyType.Assembly, root, wholeAssembly: true);

    public static Layer Namespace(Type anyType, string root) => new(anyType.Assembly, root, wholeAssembly: false);

    /// <summary>The layer's types, compiler-generated ones left out (they count for their declaring type).</summary>
    public PredicateList Types() => _wholeAssembly
        // Every name matches: NetArchTest's rules hang off a predicate list.
        ? NetArchTest.Rules.Types.InAssembly(_assembly).That().HaveNameMatching(".*")
        : InNamespace(Root);

    /// <summary>The types of <c>{Root}.{module}</c> and the namespaces under it.</summary>
    public PredicateList Module(string module) => InNamespace($"{Root}.{module}");

    /// <summary>The layer's types as reflection sees them, compiler-generated ones left out.</summary>
    public IEnumerable<Type> ReflectedTypes() =>
        _assembly.GetTypes().Where(t => IsUnder(t.Namespace, Root) && !t.Name.StartsWith('<') && !IsNestedInGenerated(t));

    /// <summary>The module namespaces that exist: the first segment under the root.</summary>
    public IEnumerable<string> ModuleNamespaces() =>
        ReflectedTypes().Select(t => t.Namespace!).Where(n => n.Length > Root.Length).Select(n => n[(Root.Length + 1)..].Split('.')[0]).Distinct();

    /// <summary>Where the web layer's surfaces live, one namespace each: <c>{Root}.Areas</c>.</summary>
    public string AreasRoot => Root + ".Areas";

    /// <summary>The areas that exist: the first segment under <see cref="AreasRoot"/>.</summary>
    public IReadOnlyList<string> Areas() =>
        [.. ReflectedTypes().Select(t => t.Namespace!).Where(n => IsUnder(n, AreasRoot) && n != AreasRoot)
            .Select(n => n[(AreasRoot.Length + 1)..].Split('.')[0]).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>
    /// An area's types: <c>{AreasRoot}.{area}</c> and the namespaces under it, and the area's compiled
    /// Razor views, which Razor names after their path (<c>/Areas/Hosted/Views/Account/Index.cshtml</c>
    /// compiles to <c>Areas_Hosted_Views_Account_Index</c>) in a namespace of its own.
    /// </summary>
    public PredicateList Area(string area) =>
        Types().And().HaveNameMatching($"^Areas_{Regex.Escape(area)}_Views_")
            .Or().ResideInNamespaceMatching($@"^{Regex.Escape(AreasRoot + "." + area)}(\..+)?$");

    public static bool IsUnder(string? ns, string root) =>
        ns is not null && (ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal));

    // NetArchTest's ResideInNamespace is a bare prefix (Sales would take SalesReports); anchor it.
    private PredicateList InNamespace(string ns) =>
        NetArchTest.Rules.Types.InAssembly(_assembly).That().ResideInNamespaceMatching($@"^{Regex.Escape(ns)}(\..+)?$");

    private static bool IsNestedInGenerated(Type type) =>
        type.DeclaringType is { } outer && (outer.Name.StartsWith('<') || IsNestedInGenerated(outer));
}
