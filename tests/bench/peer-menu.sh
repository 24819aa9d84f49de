#!/bin/sh
# The peer of the side-by-side benchmark: what an administrator would set up without bianmin,
# OpenSSH running a curses menu per login (ForceCommand). The menu is the window clerk's home
# menu, drawn by dialog, shown again after each choice until the user cancels.
export LANG=C.UTF-8
while dialog --title "BM100 便民服务" --menu "青林镇便民服务中心  窗口人员" 20 76 7 \
    1 "受理办件  一窗受理：登记申请人、选事项、核材料、出回执" \
    2 "我的办件  待我办理、即将到期、已超期" \
    3 "本中心办件  AB岗代办、本中心全部在办件" \
    4 "查询  办件号 / 身份证 / 电话 / 姓名 / 拼音首字母" \
    5 "预约与值班  今日预约、本周值班表" \
    6 "好差评与回访  登记评价、电话回访" \
    7 "我的设置  字符集、制表符、界面语言" 2>/dev/null
do
    :
done
