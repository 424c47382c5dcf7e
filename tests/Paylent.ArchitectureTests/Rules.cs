using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Mono.Cecil;
using NetArchTest.Rules;
using Paylent.Domain.Common;

namespace Paylent.ArchitectureTests;

/// <summary>
/// The architecture rules, on NetArchTest. Each answers the types that break it, by full name and
/// sorted, so a test can say exactly which types must fail. A use inside a compiler-generated type
/// (lambda, async method, iterator, local function) is the declaring type's.
/// </summary>
public static class Rules
{
    /// <summary>The domain depends on no other layer and no framework: no EF, no ASP.NET, no MediatR.</summary>
    public static IReadOnlyList<string> DomainDependencies(Codebase code) =>
        TypesUsingAny(code.Domain.Types, [code.Application.Root, code.Infrastructure.Root, code.Web.Root, "Microsoft", "MediatR", "FluentValidation"]);

    /// <summary>
    /// The application depends on the domain only: not on infrastructure, the web host or ASP.NET,
    /// and of EF on its core alone (no relational API, no provider).
    /// </summary>
    public static IReadOnlyList<string> ApplicationDependencies(Codebase code) =>
        TypesUsingAny(code.Application.Types, [code.Infrastructure.Root, code.Web.Root, "Microsoft.AspNetCore", .. EfBeyondCore.Value]);

    public static IReadOnlyList<string> InfrastructureDependencies(Codebase code) =>
        TypesUsingAny(code.Infrastructure.Types, [code.Web.Root]);

    /// <summary>Domain modules refer to each other by id: no type of another module, <c>Common</c> aside.</summary>
    public static IReadOnlyList<string> DomainModuleUses(Codebase code) =>
        [.. code.Modules.SelectMany(module => TypesUsingAny(
            () => code.Domain.Module(module),
            [.. OtherModules(code, module).Select(other => $"{code.Domain.Root}.{other}")]))
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// An application module uses another only through that module's <c>Contracts</c> namespace, and
    /// never another module's domain types.
    /// </summary>
    public static IReadOnlyList<string> ApplicationModuleUses(Codebase code) =>
        [.. code.Modules.SelectMany(module => TypesUsingAny(
            () => code.Application.Module(module),
            [.. OtherModules(code, module).SelectMany(other => ModuleInternals(code, other))]))
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// The web host never touches a data port: an application interface in a <c>*.Persistence</c>
    /// namespace or named <c>I*Data</c> or <c>I*DbContext</c>, or a <c>DbContext</c>.
    /// </summary>
    public static IReadOnlyList<string> WebDataPortUses(Codebase code) =>
        TypesUsingAny(code.Web.Types, [.. DataPorts(code)]);

    /// <summary>
    /// The web host's areas (the dashboard, the hosted pages) never use one another, views included:
    /// what two of them share lives in the web layer's <c>Common</c>.
    /// </summary>
    public static IReadOnlyList<string> AreaUses(Codebase code) =>
        [.. code.Web.Areas().SelectMany(area => TypesUsingAny(
            () => code.Web.Area(area),
            [.. code.Web.Areas().Where(other => other != area).Select(other => $"{code.Web.AreasRoot}.{other}")]))
            .Order(StringComparer.Ordinal)];

    public static IEnumerable<string> DataPorts(Codebase code) =>
        code.Application.ReflectedTypes()
            .Where(t => t.IsInterface && (t.Namespace!.EndsWith(".Persistence", StringComparison.Ordinal) || IsDataPortName(t.Name)))
            .Concat(code.Application.ReflectedTypes().Concat(code.Infrastructure.ReflectedTypes()).Where(t => t.IsSubclassOf(typeof(DbContext))))
            .Select(t => t.FullName!)
            .Append(typeof(DbContext).FullName!);

    /// <summary>The request handlers: every implementation of MediatR's <c>IRequestHandler&lt;,&gt;</c>, hence of <c>ICommandHandler</c> and <c>IQueryHandler</c>.</summary>
    public static PredicateList Handlers(Codebase code) => code.Application.Types().And().MeetCustomRule(Is(IsHandler));

    public static PredicateList Validators(Codebase code) => code.Application.Types().And().MeetCustomRule(Is(IsValidator));

    /// <summary>The commands and queries: every implementation of MediatR's <c>IRequest&lt;&gt;</c>.</summary>
    public static PredicateList Requests(Codebase code) => code.Application.Types().And().AreNotInterfaces().And().MeetCustomRule(Is(IsRequest));

    /// <summary>Handlers are internal and sealed.</summary>
    public static IReadOnlyList<string> HandlerShape(Codebase code) =>
        Failing(Handlers(code).Should().MeetCustomRule(Is(IsInternal)).And().BeSealed());

    /// <summary>
    /// Handlers answer DTOs: no domain entity in the response type, whether as the type itself, a
    /// generic argument, a tuple element or the element of a collection (a collection class too).
    /// </summary>
    public static IReadOnlyList<string> HandlerResponses(Codebase code) =>
        Failing(Handlers(code).Should().MeetCustomRule(Is(t => !Responses(t).Any(ContainsEntity))));

    /// <summary>Validators end in <c>Validator</c> and are internal.</summary>
    public static IReadOnlyList<string> ValidatorShape(Codebase code) =>
        Failing(Validators(code).Should().HaveNameEndingWith("Validator", StringComparison.Ordinal).And().MeetCustomRule(Is(IsInternal)));

    /// <summary>Requests (commands and queries) are records with no public setter but <c>init</c>.</summary>
    public static IReadOnlyList<string> RequestShape(Codebase code) =>
        Failing(Requests(code).Should().MeetCustomRule(Is(IsImmutableRecord)));

    /// <summary>Domain classes are sealed or abstract.</summary>
    public static IReadOnlyList<string> OpenDomainClasses(Codebase code) =>
        Failing(code.Domain.Types().And().AreClasses().And().AreNotNested().Should().BeSealed().Or().BeAbstract());

    /// <summary>
    /// The types among <paramref name="types"/> that use any of <paramref name="dependencies"/>:
    /// NetArchTest's search, and <see cref="GeneratedCodeUsesNone"/> for the compiler-generated
    /// types that search cannot reach.
    /// </summary>
    private static IReadOnlyList<string> TypesUsingAny(Func<PredicateList> types, IReadOnlyCollection<string> dependencies) =>
        dependencies.Count == 0
            ? []
            : [.. Failing(types().ShouldNot().HaveDependencyOnAny([.. dependencies]))
                .Union(Failing(types().Should().MeetCustomRule(new GeneratedCodeUsesNone(dependencies))))
                .Order(StringComparer.Ordinal)];

    private static IReadOnlyList<string> Failing(ConditionList rule) =>
        [.. (rule.GetResult().FailingTypes ?? []).Select(t => t.FullName!).Order(StringComparer.Ordinal)];

    private static IEnumerable<string> OtherModules(Codebase code, string module) =>
        code.Modules.Where(other => other != module && other != Codebase.Shared);

    /// <summary>Module <paramref name="module"/>'s domain, and every application type of it outside its contracts.</summary>
    private static IEnumerable<string> ModuleInternals(Codebase code, string module) =>
        code.Application.ReflectedTypes()
            .Where(t => Layer.IsUnder(t.Namespace, $"{code.Application.Root}.{module}")
                && !Layer.IsUnder(t.Namespace, $"{code.Application.Root}.{module}.Contracts"))
            .Select(t => t.FullName!)
            .Prepend($"{code.Domain.Root}.{module}");

    private static bool IsDataPortName(string name) =>
        name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]) && (name.EndsWith("Data", StringComparison.Ordinal) || name.EndsWith("DbContext", StringComparison.Ordinal));

    private static bool IsHandler(Type type) => !type.IsInterface && Implementations(type, typeof(IRequestHandler<,>)).Any();

    private static bool IsRequest(Type type) => Implementations(type, typeof(IRequest<>)).Any();

    private static bool IsValidator(Type type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(AbstractValidator<>))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInternal(Type type) => !type.IsVisible;

    private static IEnumerable<Type> Responses(Type handler) =>
        Implementations(handler, typeof(IRequestHandler<,>)).Select(i => i.GetGenericArguments()[1]);

    private static bool ContainsEntity(Type type) =>
        type.IsSubclassOf(typeof(Entity))
        || (type.HasElementType && ContainsEntity(type.GetElementType()!))
        || (type.IsGenericType && type.GetGenericArguments().Any(ContainsEntity))
        || Implementations(type, typeof(IEnumerable<>)).Any(sequence => ContainsEntity(sequence.GetGenericArguments()[0]));

    private static bool IsImmutableRecord(Type type) =>
        type.GetMethod("<Clone>$") is not null
        && type.GetProperties().All(p => p.SetMethod is not { IsPublic: true } setter
            || setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.CompilerServices.IsExternalInit)));

    private static IEnumerable<Type> Implementations(Type type, Type openInterface) =>
        type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface);

    private static Lazy<IReadOnlyList<string>> EfBeyondCore { get; } = new(() =>
    [
        .. new[]
        {
            typeof(RelationalDatabaseFacadeExtensions),
            typeof(SqliteDbContextOptionsBuilderExtensions),
            typeof(NpgsqlDbContextOptionsBuilderExtensions),
            typeof(Npgsql.NpgsqlConnection),
            typeof(Microsoft.Data.Sqlite.SqliteConnection),
        }
        .SelectMany(t => t.Assembly.GetExportedTypes())
        .Where(t => !t.IsNested)
        .Select(t => t.FullName!),
    ]);

    private static ReflectedRule Is(Func<Type, bool> predicate) => new(predicate);

    /// <summary>A NetArchTest custom rule asked of the reflected type, which answers visibility and generics plainly.</summary>
    private sealed class ReflectedRule(Func<Type, bool> predicate) : ICustomRule
    {
        public bool MeetsRule(TypeDefinition type) =>
            predicate(System.Reflection.Assembly.Load(type.Module.Assembly.FullName).GetType(type.FullName.Replace('/', '+'), throwOnError: true)!);
    }
}
