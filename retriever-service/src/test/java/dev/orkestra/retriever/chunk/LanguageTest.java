package dev.orkestra.retriever.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageTest {

  @ParameterizedTest(name = "{0}: ''{1}'' declares ''{2}''")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "Foo.java   | 'public final class Foo {' | Foo",
      "Foo.java   | '  public static <T> List<T> copy(List<T> in) {' | copy",
      "Foo.java   | '  private Map<String, Integer> counts(String s) {' | counts",
      "Foo.java   | '  @Override public int hashCode() {' | hashCode",
      "Foo.java   | '  String name();' | name",
      "Foo.java   | '  public Foo(int size) {' | Foo",
      "Foo.java   | '  record Point(int x, int y) {}' | Point",
      "Foo.java   | '    return foo(bar);' | -",
      "Foo.java   | '    if (ready) {' | -",
      "Foo.java   | '    Map<String, Integer> counts = new HashMap<>();' | -",
      "Foo.java   | '    throw new IllegalStateException(message);' | -",
      "Foo.java   | '  * class names are resolved here' | -",
      "Foo.java   | '            int tooDeep() {' | -",
      "App.kt     | 'suspend fun fetch(id: Long): User {' | fetch",
      "app.py     | 'def login(request):' | login",
      "app.py     | '    async def refresh(self):' | refresh",
      "app.py     | '        def inner():' | -",
      "app.py     | 'class AuthService(Base):' | AuthService",
      "app.ts     | 'export async function handler(req, res) {' | handler",
      "app.ts     | 'export const add = (a: number, b: number) => a + b;' | add",
      "app.ts     | '  constructor(props) {' | constructor",
      "app.ts     | '  if (x) {' | -",
      "app.js     | 'export default class Store {' | Store",
      "main.go    | 'func (s *Server) Start() error {' | Start",
      "main.go    | 'type Config struct {' | Config",
      "lib.rs     | 'pub fn new() -> Self {' | new",
      "lib.rs     | 'impl Display for Token {' | Token",
      "util.c     | 'static int parse_args(int argc, char **argv) {' | parse_args",
      "util.rb    | '  def self.build(options)' | build",
      "run.sh     | 'deploy() {' | deploy",
      "notes.txt  | 'def not_code():' | -",
  })
  void findsDeclarations(String path, String line, String expected) {
    assertThat(Language.of(path).declaredName(line).orElse(null)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"src/Main.java, JVM_LIKE", "a/b.PY, PYTHON", "web/x.tsx, JAVASCRIPT", "README.md, MARKDOWN",
      "Makefile, TEXT", "config.yaml, TEXT", "main.go, GO", "x.hpp, C_LIKE"})
  void languageFollowsTheExtension(String path, Language language) {
    assertThat(Language.of(path)).isEqualTo(language);
  }
}
