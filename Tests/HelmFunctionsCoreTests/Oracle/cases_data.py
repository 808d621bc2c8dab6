import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from gen import *
C = []
def c(name, *args): C.append((name, list(args)))
# conversion / defaults
c('camelcase', 'FOO_BAR'); c('camelcase', 'fooBAR baz')
for v in ['010', '0x10', '12.0', '12.5', ' 12', '12abc', '-7', '1_000', '0b101', '0o17', '', '9223372036854775807', '99999999999999999999', '+5', '12.00', '1e3']:
    c('int', v); c('int64', v)
for v in [F(3.9), F(-3.9), True, False, None, L(1), F(1e20)]:
    c('int', v); c('int64', v)
for v in ['1.5', '1e3', 'abc', ' 1', 'inf', '0x1p-2', '1_0', True, 3, None]:
    c('float64', v)
for v in ['12', '-3', '+4', '1.0', 'x', ' 1', '']:
    c('atoi', v)
for v in [777, '777', 8, F(1.5), '0777', '-17']:
    c('toDecimal', v)
c('default', 'foo', None); c('default', 'foo', ''); c('default', 'foo', 'bar'); c('default', 'foo', 0); c('default', 'foo', F(0.0))
c('default', 'foo', L()); c('default', 'foo', D()); c('default', 'foo', False); c('default', 'foo', True); c('default', 'foo')
for v in [None, '', 'a', 0, 1, F(0.0), L(), L(None), D(), D({'a': 1}), False, S()]:
    c('empty', v)
c('coalesce', None, '', 0, 'x', 'y'); c('coalesce', None, ''); c('coalesce')
c('all', 1, 'a', True); c('all', 1, '', True); c('all')
c('any', 0, '', None); c('any', 0, 'x'); c('any')
c('ternary', 'yes', 'no', True); c('ternary', 'yes', 'no', False)
for v in [1, F(1.0), 'a', None, True, L(), S(), D()]:
    c('typeOf', v); c('kindOf', v)
c('typeIs', 'int', 1); c('typeIs', 'string', 1); c('typeIsLike', 'int', 1); c('kindIs', 'map', D()); c('kindIs', 'slice', L())
c('deepEqual', 1, 1); c('deepEqual', 1, F(1.0)); c('deepEqual', L(1, 'a'), L(1, 'a')); c('deepEqual', D({'a': L(1)}), D({'a': L(1)})); c('deepEqual', S('a'), L('a')); c('deepEqual', None, None)
# math
c('add', 1, 2, '3', F(1.9)); c('add'); c('add1', F(1.5)); c('add1', '41')
c('sub', 10, F(3.5)); c('div', 10, 3); c('div', -7, 2); c('div', 1, 0); c('mod', 10, 3); c('mod', -7, 3); c('mod', 1, 0)
c('mul', 2, 3, '4'); c('mul', 5)
c('max', 1, 5, '3'); c('biggest', 1, 9); c('min', 4, 2, 8); c('max', 'a', -1)
c('maxf', 1, F(2.5), '3.5'); c('minf', F(1.5), -2, '0.5')
c('floor', F(1.7)); c('floor', '-1.2'); c('ceil', F(1.2)); c('ceil', 'x')
c('round', F(3.14159), 2); c('round', F(2.5), 0); c('round', F(-2.5), 0); c('round', F(1.2345), 3, F(0.4)); c('round', '12.345', 1)
c('addf', F(0.1), F(0.2)); c('addf', 1, F(1.5), '2.25'); c('add1f', F(0.1)); c('subf', F(1.0), F(0.9)); c('mulf', F(1.1), 3); c('divf', 10, 3); c('divf', 1, 0); c('divf', F(2.0), 8); c('mulf', F(0.1), F(0.1), 1000000)
c('seq', 5); c('seq', -3); c('seq', 0); c('seq', 2, 5); c('seq', 5, 2); c('seq', 0, 2, 10); c('seq', 10, -3, 0); c('seq', 10, 3, 0); c('seq')
c('until', 5); c('until', -3); c('until', 0); c('untilStep', 0, 10, 3); c('untilStep', 10, 0, -4); c('untilStep', 0, 10, -1)
# lists
c('list', 1, 'a', None); c('list'); c('tuple', 1)
c('append', L(1, 2), 3); c('push', S('a'), 'b'); c('append', 'abc', 1); c('append', None, 1); c('mustAppend', D(), 1)
c('prepend', L(1, 2), 0); c('mustPrepend', 5, 1)
c('first', L(1, 2)); c('first', L()); c('first', S('x')); c('mustFirst', 'str'); c('first', None)
c('last', L(1, 2)); c('last', L()); c('rest', L(1, 2, 3)); c('rest', L()); c('initial', L(1, 2, 3)); c('initial', L())
c('reverse', L(1, 2, 3)); c('reverse', L()); c('mustReverse', 3)
c('uniq', L(1, 2, 1, 'a', 'a', F(1.0))); c('without', L(1, 2, 3, 2), 2, 3); c('without', L(1, 2))
c('has', 2, L(1, 2)); c('has', 'a', S('a')); c('has', 1, None); c('has', 1, 'abc'); c('mustHas', F(1.0), L(1))
c('compact', L(1, '', None, 0, 'a', L(), False, F(0.0)))
c('slice', L(1, 2, 3, 4), 1, 3); c('slice', L(1, 2, 3)); c('slice', L(1, 2, 3), 1); c('slice', S('a', 'b', 'c'), 2); c('slice', L()); c('slice', 'abc', 1); c('slice', L(1, 2), 1, 5); c('slice', L(1, 2), '1')
c('concat', L(1, 2), S('a'), L()); c('concat'); c('concat', L(1), 'x')
c('chunk', 2, L(1, 2, 3, 4, 5)); c('chunk', 3, L()); c('chunk', 2, L(1, 2)); c('chunk', 0, L(1)); c('mustChunk', 2, 'x')
# dicts
c('dict', 'a', 1, 'b'); c('dict'); c('dict', 1, 2, None, 3, True, 'x')
c('get', D({'a': 1}), 'a'); c('get', D({'a': 1}), 'b'); c('get', None, 'a')
c('set', D({'a': 1}), 'b', 2); c('set', None, 'b', 2); c('unset', D({'a': 1, 'b': 2}), 'a'); c('unset', D(), 'x')
c('hasKey', D({'a': None}), 'a'); c('hasKey', D(), 'a')
c('pluck', 'a', D({'a': 1}), D({'b': 2}), D({'a': 3})); c('pluck', 'a')
c('keys', D({'b': 1})); c('keys', D({'b': 1}), D({'a': 2})); c('keys')  # several keys: random order in Go, see BehaviourTests
c('values', D({'b': 1}))
c('pick', D({'a': 1, 'b': 2, 'c': 3}), 'a', 'c', 'z'); c('omit', D({'a': 1, 'b': 2, 'c': 3}), 'a', 'z')
c('merge', D({'a': 1, 'b': '', 'n': D({'x': 1, 'y': ''}), 'l': L(1), 'z': 0}), D({'a': 2, 'b': 'B', 'c': 3, 'n': D({'x': 2, 'y': 'Y', 'w': 'W'}), 'l': L(2, 3), 'z': 5, 'q': None}))
c('mergeOverwrite', D({'a': 1, 'b': 'keep', 'n': D({'x': 1, 'y': 'y'}), 'l': L(1), 'm': D({'k': 1}), 's': 'str'}), D({'a': 2, 'b': '', 'c': 3, 'n': D({'x': 2}), 'l': L(), 'm': 'notmap', 's': D({'k': 2}), 'q': None}))
c('merge', D({'a': D({'b': 1})}), D({'a': 'str'}), D({'a': D({'c': 2})}))
c('mergeOverwrite', D({'a': 1}), D({'a': False}), D({'b': None}))
c('merge', D({'n': None, 'm': D()}), D({'n': D({'x': 1}), 'm': D({'y': 2})}))
c('deepCopy', D({'a': L(1, D({'b': 2}))})); c('deepCopy', 5); c('deepCopy', None)
c('dig', 'a', 'b', 'def', D({'a': D({'b': 'found'})})); c('dig', 'a', 'x', 'def', D({'a': D({'b': 1})})); c('dig', 'a', 'def', D({'a': None})); c('dig', 'a', 'b', 'def', D({'a': 'str'})); c('dig', 'a', D()); c('dig', 'a', 'def', 'notmap')
c('required', 'need it', 'x'); c('required', 'need it', ''); c('required', 'need it', None); c('required', 'need it', 0)
c('fail', 'boom')
c('lookup', 'v1', 'Pod', 'ns', 'name')
generate(C, __import__('os').path.join(__import__('os').path.dirname(__file__), '..', 'DataOracleCases.swift'), 'data')
