"""The task table of the viewer's index pages: rows from embedded JSON, filtered, sorted and paged in the page.

Thousands of tasks would make a slow page as one DOM table, so the rows travel as JSON (see
:func:`drafterbench.view.html.embed_json`) and only one page of them (100 rows) is in the DOM at a time.
Cells are filled with ``textContent``: nothing from a log is ever parsed as HTML.

The table is described by a spec: ``columns`` (``key``, ``label``, ``kind`` = text | num | bool | link,
``digits``), ``filters`` (``key``, ``label``, ``kind`` = select | tags | range) and ``rows``.
"""

from __future__ import annotations

TABLE_CSS = """
#filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.4rem 0 .8rem;font-size:.85rem}
#filters label{display:flex;flex-direction:column;gap:.15rem;color:var(--dim)}
#filters input{width:5rem}
#tasks th{cursor:pointer;user-select:none;position:sticky;top:0}
#tasks th.asc::after{content:" \\25B2"}#tasks th.desc::after{content:" \\25BC"}
#pager{margin:.6rem 0;font-size:.85rem;display:flex;gap:.6rem;align-items:center}
td.pos{color:var(--good)}td.neg{color:var(--bad)}
"""

TABLE_JS = r"""
(function(){
  var spec=JSON.parse(document.getElementById('table-data').textContent);
  var rows=spec.rows, cols=spec.columns, size=spec.page_size||100;
  var state={sort:null, asc:true, page:0, f:{}};
  var box=document.getElementById('filters');
  function el(tag, text){var e=document.createElement(tag); if(text!==undefined) e.textContent=text; return e;}
  function shown(v,c){
    if(v===null||v===undefined) return '\u2013';
    if(c.kind==='num') return Number(v).toFixed(c.digits===undefined?2:c.digits);
    if(c.kind==='bool') return v?'yes':'no';
    return String(v);
  }
  spec.filters.forEach(function(f){
    var lab=el('label', f.label), input;
    if(f.kind==='range'){
      var wrap=el('span'); var lo=el('input'), hi=el('input');
      [lo,hi].forEach(function(i,n){i.type='number'; i.step='any'; i.placeholder=n?'max':'min';
        i.dataset.filter=f.key+(n?':max':':min');
        i.addEventListener('input',function(){state.f[i.dataset.filter]=i.value; state.page=0; draw();}); wrap.appendChild(i);});
      lab.appendChild(wrap);
    } else {
      input=el('select'); input.dataset.filter=f.key; var seen={};
      rows.forEach(function(r){var v=r[f.key]; (f.kind==='tags'?(v||[]):[v]).forEach(function(x){seen[shown(x,{kind:typeof x==='boolean'?'bool':'text'})]=1;});});
      var any=el('option','any'); any.value=''; input.appendChild(any);
      Object.keys(seen).sort().forEach(function(k){var o=el('option',k); o.value=k; input.appendChild(o);});
      input.addEventListener('change',function(){state.f[f.key]=input.value; state.page=0; draw();});
      lab.appendChild(input);
    }
    box.appendChild(lab);
  });
  var table=document.getElementById('tasks'), head=table.tHead.rows[0], body=table.tBodies[0];
  cols.forEach(function(c){
    var th=el('th', c.label); if(c.kind!=='num') th.className='l';
    th.addEventListener('click',function(){
      state.asc=(state.sort===c.key)?!state.asc:true; state.sort=c.key; state.page=0;
      Array.prototype.forEach.call(head.cells,function(h){h.classList.remove('asc','desc');});
      th.classList.add(state.asc?'asc':'desc'); draw();
    });
    head.appendChild(th);
  });
  function keep(r){
    for(var i=0;i<spec.filters.length;i++){
      var f=spec.filters[i], v=r[f.key];
      if(f.kind==='range'){
        var lo=parseFloat(state.f[f.key+':min']), hi=parseFloat(state.f[f.key+':max']);
        if(!isNaN(lo)&&(v===null||v<lo)) return false;
        if(!isNaN(hi)&&(v===null||v>hi)) return false;
      } else {
        var want=state.f[f.key]; if(!want) continue;
        var vals=(f.kind==='tags'?(v||[]):[v]).map(function(x){return shown(x,{kind:typeof x==='boolean'?'bool':'text'});});
        if(vals.indexOf(want)<0) return false;
      }
    }
    return true;
  }
  function cmp(a,b){
    var x=a[state.sort], y=b[state.sort];
    if(x===null||x===undefined) return (y===null||y===undefined)?0:1;
    if(y===null||y===undefined) return -1;
    var c=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y));
    return state.asc?c:-c;
  }
  var info=document.getElementById('count'), prev=document.getElementById('prev'), next=document.getElementById('next');
  function draw(){
    var sel=rows.filter(keep);
    if(state.sort!==null) sel.sort(cmp);
    var pages=Math.max(1,Math.ceil(sel.length/size)); state.page=Math.min(state.page,pages-1);
    var start=state.page*size, part=sel.slice(start,start+size);
    var frag=document.createDocumentFragment();
    part.forEach(function(r){
      var tr=el('tr');
      cols.forEach(function(c){
        var td=el('td'), v=r[c.key]; if(c.kind!=='num') td.className='l';
        if(c.kind==='link'&&r[c.href]){var a=el('a', shown(v,c)); a.setAttribute('href', r[c.href]); td.appendChild(a);}
        else td.textContent=shown(v,c);
        if(c.signed&&typeof v==='number'&&v!==0) td.className=v>0?'pos':'neg';
        tr.appendChild(td);
      });
      frag.appendChild(tr);
    });
    body.replaceChildren(frag);
    info.textContent=sel.length+' of '+rows.length+' tasks'+(sel.length?' \u00b7 '+(start+1)+'\u2013'+(start+part.length):'')+' \u00b7 page '+(state.page+1)+' of '+pages;
    prev.disabled=state.page===0; next.disabled=state.page>=pages-1;
    document.body.dataset.shown=String(sel.length);
  }
  prev.addEventListener('click',function(){state.page--; draw();});
  next.addEventListener('click',function(){state.page++; draw();});
  draw();
})();
"""

TABLE_HTML = """<div id="filters"></div>
<div style="overflow-x:auto"><table id="tasks"><thead><tr></tr></thead><tbody></tbody></table></div>
<div id="pager"><button id="prev" type="button">‹ previous</button><button id="next" type="button">next ›</button>
<span id="count"></span></div>"""
