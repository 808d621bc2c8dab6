import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from gen import *
C = []
def c(name, *args): C.append((name, list(args)))
c('regexMatch', '^[a-z]+$', 'abc'); c('regexMatch', '^[a-z]+$', 'abc\n'); c('regexMatch', '(', 'x'); c('mustRegexMatch', '(', 'x'); c('mustRegexMatch', '\\d+', 'a١٢')
c('regexMatch', '[[:alpha:]]+', 'é'); c('regexMatch', '(?i)ABC', 'xabcx'); c('regexMatch', '\\w+', 'é'); c('regexMatch', '(?m)^b$', 'a\nb\nc')
c('regexFindAll', '[2,4,6,8]', '123456789', -1); c('regexFindAll', '[2,4,6,8]', '123456789', 2); c('regexFindAll', 'a*', 'baaac', -1); c('regexFindAll', 'x', 'abc', -1); c('regexFindAll', '', 'abc', -1)
c('regexFind', '[a-zA-Z][1-9]', 'abcd1234'); c('regexFind', 'z', 'abc'); c('mustRegexFind', '[', 'a'); c('regexFind', '[', 'a'); c('regexFindAll', '*', 'a', -1)
c('regexReplaceAll', 'a(x*)b', '-ab-axxb-', '${1}W'); c('regexReplaceAll', 'a(x*)b', '-ab-axxb-', '$1W'); c('regexReplaceAll', '(?P<first>\\w+) (?P<last>\\w+)', 'John Smith', '$last, $first'); c('regexReplaceAll', 'a', 'banana', '$$'); c('regexReplaceAll', 'a*', 'baaac', '-'); c('regexReplaceAll', 'a', 'aaa', '$'); c('regexReplaceAll', '(a)', 'a', '${1'); c('regexReplaceAll', '(a)', 'a', '$2x')
c('regexReplaceAllLiteral', 'a(x*)b', '-ab-axxb-', '${1}'); c('mustRegexReplaceAll', '(', 'x', 'y')
c('regexSplit', 'z+', 'pizza', -1); c('regexSplit', 'z+', 'pizza', 1); c('regexSplit', 'z+', 'pizza', 2); c('regexSplit', '', 'abc', -1); c('regexSplit', 'a', '', -1); c('regexSplit', 'x*', 'axbc', -1); c('regexSplit', 'a', 'a', -1); c('regexSplit', 'z', 'pizza', 0)
c('regexQuoteMeta', '1.2.3+[x]*?^$'); c('regexMatch', 'a{2}', 'aa'); c('regexMatch', 'a{', 'a{'); c('regexMatch', '[]a]', ']'); c('regexMatch', '[a-]+$', 'a-'); c('regexMatch', '\\Qa.b\\E', 'a.b'); c('regexMatch', 'x$', 'x\n'); c('regexMatch', '[^\\d]', '1a'); c('regexMatch', '\\pL', 'é')
c('regexFindAll', '[[:^digit:]]+', 'ab12cd', -1); c('regexFindAll', '\\s', 'a b\u00a0c', -1); c('regexReplaceAll', '\\bfoo\\b', 'foo food foo', 'X'); c('regexMatch', 'a#b', 'a#b'); c('regexMatch', 'a b', 'a b')
# path
for p in ['a/b/c', '/a/b/', '', '/', 'a//b/./../c', '../x', 'file.tar.gz', '.bashrc', 'a/b.c/d', '//']:
    c('base', p); c('dir', p); c('clean', p); c('ext', p); c('isAbs', p)
c('osBase', '/x/y.txt'); c('osDir', '/x/y.txt'); c('osClean', 'x/../y'); c('osExt', 'y.txt'); c('osIsAbs', 'rel')
# url
for u in ['https://user:pa ss@example.com:8443/a/b%20c?x=1&y=2#frag%20x', 'mailto:joe@example.com', '/just/path', 'http://[::1]:80/', 'HTTP://Host/?', 'x', 'a:b', '://bad', 'http://h/%zz', 'http://us%40er@h', '']:
    c('urlParse', u)
c('urlJoin', D({'host': 'localhost:4040', 'path': '/a b', 'query': 'x=1', 'scheme': 'http', 'fragment': 'f g'}))
c('urlJoin', D({'scheme': 'mailto', 'opaque': 'joe@example.com'}))
c('urlJoin', D({'host': 'h', 'path': 'rel', 'userinfo': 'u:p@ss'}))
c('urlJoin', D({'path': 'a:b'}))
c('urlJoin', D({'scheme': 'https', 'host': 'h', 'query': 'q'}))
c('urlJoin', D({'host': 1}))
c('urlJoin', D())
# semver
for v in ['1.2.3', 'v1.2', '1', '1.2.3-beta.1+build.5', '01.2.3', '1.2.3-01', '1.2.3.4', 'abc', '', '1.2.3-', '1.2.3+a..b', '18446744073709551616']:
    c('semver', v)
for con, v in [('>=1.2.3', '1.2.3'), ('>1.2.3', '1.2.3'), ('^1.2', '1.9.0'), ('^1.2', '2.0.0'), ('^0.2.3', '0.2.9'), ('^0.2.3', '0.3.0'), ('^0.0.3', '0.0.4'), ('~1.2.3', '1.2.9'), ('~1.2.3', '1.3.0'), ('~1', '1.9.9'),
               ('1.2 - 1.4.5', '1.4.5'), ('1.2 - 1.4.5', '1.4.6'), ('>=1.0, <2.0', '1.5.0'), ('>=1.0 <2.0', '2.0.0'), ('<1.0 || >=3', '3.1.0'), ('1.x', '1.7.0'), ('1.2.x', '1.3.0'), ('*', '5.0.0'), ('*', '1.0.0-alpha'),
               ('>=1.0.0', '1.1.0-beta'), ('>=1.0.0-0', '1.1.0-beta'), ('>1.2.3-alpha.1', '1.2.3-alpha.2'), ('>1.2.3-alpha.10', '1.2.3-alpha.9'), ('!=1.2.3', '1.2.4'), ('!=1.x', '1.5.0'), ('=1.2.3', 'v1.2.3+meta'), ('<=1.2', '1.2.9'), ('<=1.2.3', '1.2.4'), ('>1.x', '2.0.0'), ('>1.2.x', '1.3.0'),
               ('>=1.21.0-0', 'v1.30.0'), ('>= 1.19-0', '1.19.0-gke.1'), ('>=1.2.3', 'bad'), ('bad', '1.2.3'), ('', '1.2.3'), ('>=1.2.3,', '1.2.3'), ('~> 1.2', '1.2.5'), ('=> 1.0', '1.0.0'), ('1.2.3', '1.2.3'), ('^1.x', '1.5.0'), ('~1.x', '2.0.0')]:
    c('semverCompare', con, v)
generate(C, __import__('os').path.join(__import__('os').path.dirname(__file__), '..', 'MoreOracleCases.swift'), 'more')
